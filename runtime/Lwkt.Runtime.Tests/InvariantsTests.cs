#if DEBUG
using System.Diagnostics;

namespace Lwkt.Runtime.Tests;

/// <summary>
/// The Debug assertions fire when a contract is broken (a planted violation each), so the Debug test run in
/// <c>.ci/run</c> can fail. A failed assertion normally fails the process fast; these tests swap in a trace listener
/// that throws instead, one test at a time (the listeners are process-wide).
/// </summary>
[Collection(nameof(InvariantsTests))]
[CollectionDefinition(nameof(InvariantsTests), DisableParallelization = true)]
public sealed class InvariantsTests
{
    [Fact]
    public void A_worker_only_operation_called_from_outside_the_runtime_fails()
    {
        using var runtime = new LwktRuntime(new LwktRuntimeOptions { Cpus = 1 });

        AssertFails("not on cpu0's worker", () => Invariants.OnWorker(runtime.Cpus[0]));
    }

    [Fact]
    public void Releasing_a_hold_a_token_does_not_have_fails()
    {
        var token = new Token("free");

        AssertFails("release of a shared hold it did not have", token.ReleaseCount);
        AssertFails("exclusive release of a token without an owner", token.ReleaseExclusive);
    }

    [Fact]
    public void A_recursive_hold_of_a_free_token_fails()
    {
        var token = new Token("free");

        AssertFails("a recursive hold of a token nobody holds", token.AddHold);
    }

    [Fact]
    public void An_ipi_ring_consumed_off_its_target_worker_fails()
    {
        using var runtime = new LwktRuntime(new LwktRuntimeOptions { Cpus = 2 });
        var ring = new IpiQueue(runtime.Cpus[0], runtime.Cpus[1]);

        AssertFails("not on cpu1's worker", () => ring.Process());
    }

    [Fact]
    public void An_ipi_that_overtakes_the_backlog_fails()
    {
        TestRuntime.Run(2, rt =>
        {
            var ring = new IpiQueue(rt.Cpus[0], rt.Cpus[1]);
            CriticalSection.Enter();
            ring.Backlog(static (_, _) => { }, null, 0);
            CriticalSection.Exit();

            AssertFails("overtakes the backlog", () => ring.TryEnqueue(static (_, _) => { }, null, 0));
            AssertFails("backlogged outside a critical section", () => ring.Backlog(static (_, _) => { }, null, 0));
            return ValueTask.CompletedTask;
        });
    }

    private static void AssertFails(string expected, Action violation)
    {
        TraceListener[] saved = [.. Trace.Listeners.Cast<TraceListener>()];
        Trace.Listeners.Clear();
        Trace.Listeners.Add(new ThrowingListener());
        try
        {
            var ex = Assert.Throws<AssertionFailedException>(violation);
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Trace.Listeners.Clear();
            Trace.Listeners.AddRange(saved);
        }
    }

    /// <summary>Turns a failed Debug assertion into an exception (Debug and Trace share their listeners).</summary>
    private sealed class ThrowingListener : TraceListener
    {
        public override void Fail(string? message, string? detailMessage) => throw new AssertionFailedException(message + " " + detailMessage);

        public override void Write(string? message)
        {
        }

        public override void WriteLine(string? message)
        {
        }
    }

    private sealed class AssertionFailedException(string message) : Exception(message);
}
#endif
