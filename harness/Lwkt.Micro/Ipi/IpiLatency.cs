using Lwkt.Runtime;

namespace Lwkt.Micro.Ipi;

/// <summary>
/// lwkt only: IPI send-to-process latency. A thread on virtual CPU 0 sends an IPI to CPU 1
/// (<see cref="VirtualCpu.SendIpi"/>, lwkt_send_ipiq) whose handler, run by CPU 1's worker between threads or in its
/// idle loop (lwkt_process_ipiq), stores the IPI's number; the sender spins until it sees it, then sends the next. A row
/// is one send, its processing on the other CPU, and the store travelling back. The two CPUs are pinned to two cores.
/// </summary>
[BenchmarkCategory(MicroCategories.Ipi, MicroCategories.Lwkt)]
public class IpiLatency : MicroBenchmark
{
    /// <summary>IPIs per invocation.</summary>
    public const int Ipis = 20_000;

    private static readonly Action<object?, long> s_acknowledge = static (self, number) =>
        Volatile.Write(ref ((IpiLatency)self!)._acknowledged, number);

    private Func<ValueTask>? _sender;

    /// <summary>The number of the last IPI processed on CPU 1 (written by its handler).</summary>
    private long _acknowledged;

    /// <summary>Send one IPI to the other CPU and wait until it has been processed there.</summary>
    [Benchmark(OperationsPerInvoke = Ipis)]
    public void SendToProcessed() => RunLoop(_sender!);

    /// <inheritdoc/>
    protected override int LwktCpus => 2;

    /// <inheritdoc/>
    protected override void Setup() => _sender = SendAsync;

    private ValueTask SendAsync()
    {
        VirtualCpu self = VirtualCpu.Current!;
        VirtualCpu target = Lwkt.Cpus[1];
        long first = Volatile.Read(ref _acknowledged) + 1;
        for (long number = first; number < first + Ipis; number++)
        {
            self.SendIpi(target, s_acknowledge, this, number);

            // Spinning holds CPU 0, which is fine: nothing is sent to it, and CPU 1 runs on another core.
            while (Volatile.Read(ref _acknowledged) != number)
            {
            }
        }

        return default;
    }
}
