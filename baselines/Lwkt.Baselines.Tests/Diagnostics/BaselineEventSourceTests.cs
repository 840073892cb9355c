using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
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
        SpinWait.SpinUntil(() => listener.Events.Any(e => e.EventName == "ContentionStart" && (string)e.Payload![0]! == kind), 10_000);
        gate.Exit();
        Assert.True(waiter.Join(TestThreads.Watchdog), $"the waiter did not enter the {kind} within {TestThreads.Watchdog} of its release (lost wakeup)");

        EventWrittenEventArgs start = Assert.Single(listener.Events, e => e.EventName == "ContentionStart" && (string)e.Payload![0]! == kind);
        EventWrittenEventArgs stop = Assert.Single(listener.Events, e => e.EventName == "ContentionStop" && (string)e.Payload![0]! == kind);
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
