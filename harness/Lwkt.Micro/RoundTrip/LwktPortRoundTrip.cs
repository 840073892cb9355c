using Lwkt.Micro.Hosting;
using Lwkt.Runtime;
using Lwkt.Runtime.Messaging;

namespace Lwkt.Micro.RoundTrip;

/// <summary>
/// lwkt: the client sends one reused <see cref="Message"/> to the server thread's own port and waits for the reply
/// (lwkt_domsg: <see cref="MessagePort.SendAndWaitAsync"/>); the server waits on its port and replies (lwkt_waitport,
/// lwkt_replymsg). Same CPU: one virtual CPU. Cross CPU: two pinned virtual CPUs, the server on CPU 1, so every
/// request and every reply crosses by IPI.
/// </summary>
[BenchmarkCategory(MicroCategories.Lwkt)]
public class LwktPortRoundTrip : RoundTripBenchmarks
{
    private Func<ValueTask>? _client;
    private object? _count;

    /// <inheritdoc/>
    protected override int LwktCpus => Placement == Placement.CrossCpu ? 2 : 1;

    /// <inheritdoc/>
    protected override void Setup() => _client = ClientAsync;

    /// <inheritdoc/>
    protected override void RunRoundTrips(int count)
    {
        _count = count;
        RunLoop(_client!);
    }

    private static async ValueTask ServeAsync(object? count)
    {
        MessagePort port = LwktThread.Current!.Port;
        for (int i = (int)count!; i > 0; i--)
        {
            Message request = await port.WaitPortAsync();
            request.Reply();
        }
    }

    private async ValueTask ClientAsync()
    {
        int count = (int)_count!;
        LwktThread server = Lwkt.Spawn(ServeAsync, _count, cpu: Lwkt.CpuCount - 1);
        MessagePort target = server.Port;
        var request = new Message(LwktThread.Current!.Port);
        for (int i = 0; i < count; i++)
        {
            await target.SendAndWaitAsync(request);
        }

        await server.JoinAsync();
    }
}
