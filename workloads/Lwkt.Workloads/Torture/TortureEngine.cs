using System.Diagnostics;
using System.Globalization;
using Lwkt.Runtime;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// Runs a locktorture-style torture of one runtime (docs/architecture.md, Torture): writer and reader stress threads on its locks,
/// messages through its ports, randomly timed wakeups on its events — and, on lwkt, tokens and LWKT messages used
/// directly — under stutter, shuffling, long holds, blocks while holding and exceptions inside critical sections, with
/// every invariant checked in band. Prints statistics every interval and ends with <c>End of test: SUCCESS</c> or
/// <c>FAILURE</c>; a deterministic run ends with <c>digest: &lt;hex&gt;</c>.
/// </summary>
/// <remarks>
/// <para>A real-time run drives the control from the calling OS thread on the wall clock, so a wedged runtime cannot
/// silence the watchdog. A deterministic run (lwkt with a seed) drives it from an LWKT thread on virtual time, so the
/// seed replays every decision; the calling thread then only watches that virtual time keeps moving.</para>
/// <para>The runtime is run on a dedicated OS thread. If its threads do not stop, the result says <c>Hung</c>: the
/// caller must not dispose the runtime (it would wait for them) and should end the process.</para>
/// </remarks>
public static class TortureEngine
{
    /// <summary>Set to 1 to print the full exception of a stress thread that threw unexpectedly (on stderr).</summary>
    public const string DebugVariable = "LWKT_DEBUG";

    /// <summary>The control's tick, in torture-clock milliseconds.</summary>
    private const int TickMs = 10;

    /// <summary>Runs the torture of <paramref name="runtime"/>, printing lines prefixed by <paramref name="label"/>.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public static TortureResult Run(WorkloadRuntime runtime, string label, TortureOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        options.Validate();
        var ctx = new TortureContext(runtime, label, options, output);
        List<ITortureStressor> stressors = CreateStressors(ctx);
        var control = new TortureControl(ctx);
        PrintHeader(ctx);

        bool deterministic = ctx.Traits.Deterministic;
        Exception? runError = null;
        using var finished = new ManualResetEventSlim();
        int offset = deterministic ? 1 : 0;
        var runner = new Thread(
            () =>
            {
                try
                {
                    runtime.Run(ctx.Threads.Count + offset, i => i < offset ? ControlAsync(ctx, control) : StressAsync(ctx, ctx.Threads[i - offset]));
                }
                catch (Exception e)
                {
                    runError = e;
                }
                finally
                {
                    finished.Set();
                }
            },
            4 * 1024 * 1024)
        {
            IsBackground = true,
            Name = "torture-run " + label,
        };
        runner.Start();

        bool hung = deterministic ? !WatchVirtualTime(ctx, control, finished) : !ControlRealTime(ctx, control, finished);
        if (runError is not null)
        {
            ctx.Fail(null, $"the runtime's Run threw {runError.GetType().Name}: {FirstLine(runError.Message)}");
        }

        long now = ctx.Clock.NowMs;
        control.FinalStats(now);
        if (!hung)
        {
            foreach (ITortureStressor stressor in stressors)
            {
                stressor.CheckEnd();
            }

            if (ctx.Traits.Lwkt is { } lwkt && lwkt.LiveThreads != 0)
            {
                ctx.Fail(null, $"threads: {lwkt.LiveThreads} LWKT thread(s) still alive after every stress thread ended");
            }
        }

        bool success = ctx.Failures.Count == 0;
        string? digest = deterministic && !hung ? ctx.Traits.Lwkt!.ScheduleDigest : null;
        IReadOnlyList<string> log = deterministic && !hung ? [.. ctx.Traits.Lwkt!.EventLog] : [];
        long operations = ctx.Threads.Sum(t => Volatile.Read(ref t.Ops));
        ctx.Print(string.Create(
            CultureInfo.InvariantCulture,
            $"End of test: {(success ? "SUCCESS" : "FAILURE")} ({operations} operations in {TortureContext.Seconds(now)}, {ctx.Failures.Count} failure(s){(hung ? ", threads hung" : "")}; {options.Describe()})"));
        if (!success)
        {
            ctx.Print(deterministic
                ? $"seed {options.Seed}: replay this interleaving with --deterministic --seed {options.Seed}"
                : $"seed {options.Seed} (the stress threads' random choices; the OS schedule does not replay)");
        }

        if (digest is not null)
        {
            lock (output)
            {
                output.WriteLine($"digest: {digest}");
            }
        }

        return new TortureResult(label, success, ctx.Failures.Count, ctx.Failures.Messages, operations, TimeSpan.FromMilliseconds(now), hung, digest, log);
    }

    private static List<ITortureStressor> CreateStressors(TortureContext ctx)
    {
        List<ITortureStressor> stressors = [new LockStressor(ctx), new RwLockStressor(ctx), new PortStressor(ctx), new WakeStressor(ctx)];
        if (ctx.Traits.Lwkt is LwktRuntime lwkt)
        {
            stressors.Add(new TokenStressor(ctx, lwkt));
            stressors.Add(new AbortStressor(ctx));
            if (!ctx.Traits.Deterministic)
            {
                stressors.Add(new SysPortStressor(ctx, lwkt));
            }
        }

        return stressors;
    }

    private static void PrintHeader(TortureContext ctx)
    {
        ctx.Print($"torture start: {ctx.Options.Describe()}");
        ctx.Print($"runtime: {ctx.Runtime.Describe()}");
        int helpers = ctx.Threads.Count(t => t.Group is null);
        ctx.Print($"threads: {ctx.Threads.Count} ({string.Join(", ", ctx.Groups.Select(g => $"{g.Label} {g.Threads.Count}"))}; servers and wakers {helpers})");
        ctx.Print($"shuffle: {ctx.Traits.ShuffleNote}");
        ctx.Print(ctx.Traits.TokenSemantics
            ? "locks are tokens: released while the holder blocks, held again before it continues; data is revalidated after each block"
            : "locks survive a block: the data must not change while the holder blocks");
    }

    /// <summary>A stress thread's body: its loop, any unexpected exception reported as a failure, then Done.</summary>
    private static async ValueTask StressAsync(TortureContext ctx, TortureThread t)
    {
        try
        {
            await t.Body(t);
        }
        catch (Exception e)
        {
            ctx.Fail(t.Group, $"{t.Name} threw {e.GetType().Name}: {FirstLine(e.Message)}");
            if (Environment.GetEnvironmentVariable(DebugVariable) == "1")
            {
                Console.Error.WriteLine(e);
            }
        }
        finally
        {
            ctx.Enter(t, TorturePhase.Done);
        }
    }

    /// <summary>The deterministic control: an LWKT thread ticking on virtual time.</summary>
    private static async ValueTask ControlAsync(TortureContext ctx, TortureControl control)
    {
        try
        {
            do
            {
                await ctx.Runtime.SleepAsync(TickMs * 1_000_000L);
                ctx.Clock.Advance(TickMs);
            }
            while (control.Tick(ctx.Clock.NowMs));
        }
        finally
        {
            ctx.Stop();
        }
    }

    /// <summary>The real-time control on the calling OS thread; false when the threads did not stop (hung).</summary>
    private static bool ControlRealTime(TortureContext ctx, TortureControl control, ManualResetEventSlim finished)
    {
        while (!finished.Wait(TickMs) && control.Tick(ctx.Clock.NowMs))
        {
        }

        ctx.Stop();
        return AwaitStop(ctx, control, finished);
    }

    /// <summary>
    /// The deterministic watch: the run is healthy while virtual time moves; if it stands still for the wait bound of
    /// real time (a thread spinning inside one scheduler step), the run is hung.
    /// </summary>
    private static bool WatchVirtualTime(TortureContext ctx, TortureControl control, ManualResetEventSlim finished)
    {
        long last = ctx.Clock.NowMs;
        var still = Stopwatch.StartNew();
        while (!finished.Wait(100))
        {
            long now = ctx.Clock.NowMs;
            if (now != last)
            {
                last = now;
                still.Restart();
            }
            else if (still.Elapsed > ctx.Options.WaitBound)
            {
                string why = $"watchdog: virtual time stood still at {TortureContext.Seconds(now)} for {TortureContext.Seconds((long)still.Elapsed.TotalMilliseconds)} of real time (seed {ctx.Options.Seed})";
                ctx.Fail(null, why);
                control.Dump(now, why);
                ctx.Stop();
                return finished.Wait(ctx.Options.WaitBound);
            }
        }

        return true;
    }

    /// <summary>After the stop: every thread must end within the wait bound, else the run hung (with a dump).</summary>
    private static bool AwaitStop(TortureContext ctx, TortureControl control, ManualResetEventSlim finished)
    {
        if (finished.Wait(ctx.Options.WaitBound))
        {
            return true;
        }

        string why = $"watchdog: stress threads did not stop within {TortureOptions.Seconds(ctx.Options.WaitBound)} of the end";
        ctx.Fail(null, why);
        control.Dump(ctx.Clock.NowMs, why);
        return false;
    }

    private static string FirstLine(string text)
    {
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline].TrimEnd();
    }
}
