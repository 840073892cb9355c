using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;
using Lwkt.Baselines.Diagnostics;
using Lwkt.Baselines.Futexes;
using Lwkt.Baselines.Spinning;

namespace Lwkt.Baselines.Tests.Diagnostics;

public sealed class BaselineEventSourceTests
{
    public static TheoryData<string> Locks => ["futex-mutex", "ttas-spin", "ticket-spin"];

    /// <summary>A holder keeps the lock while a second thread arrives: the waiter's slow path emits one start/stop pair.</summary>
    [Theory]
    [MemberData(nameof(Locks))]
    public void A_contended_acquisition_emits_a_start_and_a_stop_with_its_duration(string kind)
    {
        IExclusiveLock gate = kind switch
        {
            "futex-mutex" => new FutexMutex(),
            "ttas-spin" => new TtasSpinLock(),
            _ => new TicketSpinLock(),
        };
        using var listener = new ContentionListener();

        gate.Enter();
        var waiter = new Thread(() =>
        {
            gate.Enter();
            gate.Exit();
        })
        { IsBackground = true };
        waiter.Start();

        // The listener hears the whole process: tests running beside this one contend their own locks of the same kind
        // (one .ci/run under a CPU hog saw a second ticket-spin start). Only this lock's events, from the waiter, count.
        long lockId = RuntimeHelpers.GetHashCode(gate);
        bool Ours(EventWrittenEventArgs e, string name) =>
            e.EventName == name && (string)e.Payload![0]! == kind && (long)e.Payload[1]! == lockId && (int)e.Payload[3]! == waiter.ManagedThreadId;
        SpinWait.SpinUntil(() => listener.Events.Any(e => Ours(e, "ContentionStart")), 10_000);
        gate.Exit();
        Assert.True(waiter.Join(TestThreads.Watchdog), $"the waiter did not enter the {kind} within {TestThreads.Watchdog} of its release (lost wakeup)");

        EventWrittenEventArgs start = Assert.Single(listener.Events, e => Ours(e, "ContentionStart"));
        EventWrittenEventArgs stop = Assert.Single(listener.Events, e => Ours(e, "ContentionStop"));
        Assert.Equal(start.Payload![1], stop.Payload![1]);
        Assert.Equal((int)ContentionMode.Exclusive, (int)stop.Payload![2]!);
        Assert.True((double)stop.Payload![4]! > 0);
    }

    [Fact]
    public void The_flag_follows_the_listener()
    {
        using (new ContentionListener())
        {
            Assert.True(BaselineEventSource.ContentionOn);
        }

        Assert.False(BaselineEventSource.ContentionOn);
    }

    private sealed class ContentionListener : EventListener
    {
        public ConcurrentQueue<EventWrittenEventArgs> Events { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == BaselineEventSource.ProviderName)
            {
                EnableEvents(eventSource, EventLevel.Informational, BaselineEventSource.Keywords.Contention);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) => Events.Enqueue(eventData);
    }
}
