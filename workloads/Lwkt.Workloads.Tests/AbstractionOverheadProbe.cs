using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lwkt.Workloads.Abstractions;
using Xunit.Abstractions;

namespace Lwkt.Workloads.Tests;

/// <summary>
/// Measures what the runtime abstraction adds per call: the same Monitor lock taken directly in a synchronous
/// loop, and through an <see cref="RtLock"/> awaited in an async loop (a virtual call returning a completed
/// ValueTask, plus the await); and an empty direct call against an awaited virtual call returning a completed
/// ValueTask (the shape of <c>MaybeYieldAsync</c> and every non-blocking call). A probe, not a test: it runs only
/// with LWKT_PROBE=1 and prints its figures (README.md quotes them); it asserts nothing about timings.
/// </summary>
public sealed class AbstractionOverheadProbe(ITestOutputHelper output)
{
    private const int Iterations = 20_000_000;
    private const int Rounds = 5;

    [Fact]
    public async Task Abstraction_overhead()
    {
        if (Environment.GetEnvironmentVariable("LWKT_PROBE") != "1")
        {
            return;
        }

        var gate = new object();
        var wrapped = new MonitorLock();
        var completer = new Completer();
        double direct = Best(() => DirectLoop(gate));
        double viaAbstraction = await BestAsync(() => AbstractionLoopAsync(wrapped));
        double call = Best(() => CallLoop(completer));
        double awaited = await BestAsync(() => AwaitLoopAsync(completer));
        output.WriteLine($"direct Monitor.Enter/Exit:                   {direct:F2} ns/op");
        output.WriteLine($"await RtLock.AcquireAsync + Release:         {viaAbstraction:F2} ns/op ({viaAbstraction - direct:+0.00;-0.00})");
        output.WriteLine($"direct call of an empty method:              {call:F2} ns/op");
        output.WriteLine($"await of a virtual completed ValueTask:      {awaited:F2} ns/op ({awaited - call:+0.00;-0.00})");
    }

    private static double Best(Action loop)
    {
        double best = double.MaxValue;
        for (int round = 0; round < Rounds + 1; round++)
        {
            long start = Stopwatch.GetTimestamp();
            loop();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / Iterations);
        }

        return best;
    }

    private static async Task<double> BestAsync(Func<ValueTask> loop)
    {
        double best = double.MaxValue;
        for (int round = 0; round < Rounds + 1; round++)
        {
            long start = Stopwatch.GetTimestamp();
            await loop();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / Iterations);
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DirectLoop(object gate)
    {
        for (int i = 0; i < Iterations; i++)
        {
            Monitor.Enter(gate);
            Monitor.Exit(gate);
        }
    }

    private static async ValueTask AbstractionLoopAsync(RtLock rtLock)
    {
        for (int i = 0; i < Iterations; i++)
        {
            await rtLock.AcquireAsync();
            rtLock.Release();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CallLoop(Completer completer)
    {
        for (int i = 0; i < Iterations; i++)
        {
            completer.Nothing();
        }
    }

    private static async ValueTask AwaitLoopAsync(CompleterBase completer)
    {
        for (int i = 0; i < Iterations; i++)
        {
            await completer.NothingAsync();
        }
    }

    private sealed class MonitorLock() : RtLock("probe")
    {
        private readonly object _gate = new();

        public override ValueTask AcquireAsync()
        {
            Monitor.Enter(_gate);
            return default;
        }

        public override bool TryAcquire() => Monitor.TryEnter(_gate);

        public override void Release() => Monitor.Exit(_gate);
    }

    /// <summary>An abstract method returning a completed ValueTask, the shape of every non-blocking abstraction call.</summary>
    private abstract class CompleterBase
    {
        public abstract ValueTask NothingAsync();
    }

    private sealed class Completer : CompleterBase
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public override ValueTask NothingAsync() => default;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Nothing()
        {
        }
    }
}
