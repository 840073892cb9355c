using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Lwkt.Runtime.Diagnostics;

namespace Lwkt.Runtime.Tests.Diagnostics;

public sealed class LwktEventSourceTests
{
    /// <summary>
    /// Two threads on two CPUs take turns on a token they hold for a while (far beyond the 2 µs acquisition spin) and
    /// yield between turns: the listener sees both threads created, switches to each, token waits that end with a
    /// duration, and both exits.
    /// </summary>
    [Fact]
    public void A_listener_sees_creation_switches_token_waits_and_exits()
    {
        using var listener = new RuntimeListener();
        var token = new Token("contended");
        var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 2 });
        try
        {
            // The holder takes the token, starts the contender on the other CPU, and holds without switching (a switch
            // would release the token) until the contender has collided with it: contention is certain, not a matter
            // of two loaded workers happening to overlap.
            LwktThread? contender = null;
            LwktThread holder = rt.Spawn(
                async () =>
                {
                    await token.AcquireAsync();
                    contender = rt.Spawn(
                        async () =>
                        {
                            await token.AcquireAsync();
                            token.Release();
                        },
                        cpu: 1);
                    long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(TestRuntime.Watchdog.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
                    while (token.Collisions == 0 && System.Diagnostics.Stopwatch.GetTimestamp() < deadline)
                    {
                        Thread.SpinWait(10);
                    }

                    token.Release();
                },
                cpu: 0);
            Assert.True(holder.Join(TestRuntime.Watchdog));
            LwktThread[] threads = [holder, contender!];
            Assert.True(contender!.Join(TestRuntime.Watchdog));

            long[] ids = [.. threads.Select(t => t.Id)];
            Assert.Equal(2, listener.Named("ThreadCreate").Count(e => ids.Contains((long)e.Payload![0]!)));
            Assert.Equal(2, listener.Named("ThreadExit").Count(e => ids.Contains((long)e.Payload![0]!)));
            Assert.All(ids, id => Assert.Contains(listener.Named("Switch"), e => (long)e.Payload![2]! == id));
            EventWrittenEventArgs[] stops = [.. listener.Named("TokenContentionStop").Where(e => (string)e.Payload![1]! == "contended")];
            Assert.NotEmpty(stops);
            Assert.All(stops, e => Assert.True((double)e.Payload![4]! >= 0));
            Assert.Equal(stops.Length, listener.Named("TokenContentionStart").Count(e => (string)e.Payload![1]! == "contended"));
        }
        finally
        {
            rt.Dispose(TestRuntime.Watchdog);
        }
    }

    [Fact]
    public void The_guard_flags_follow_the_keywords_a_listener_asks_for()
    {
        using (var listener = new RuntimeListener(LwktEventSource.Keywords.Tokens))
        {
            Assert.True(LwktEventSource.TokensOn);
            Assert.False(LwktEventSource.IpiOn);
        }

        Assert.False(LwktEventSource.TokensOn);
    }

    private sealed class RuntimeListener : EventListener
    {
        private readonly EventKeywords _keywords;

        /// <summary>False while the base constructor reports existing sources, before <see cref="_keywords"/> is set.</summary>
        private readonly bool _constructed;

        public RuntimeListener(EventKeywords keywords = (EventKeywords)(-1))
        {
            _keywords = keywords;
            _constructed = true;
            EnableEvents(LwktEventSource.Log, EventLevel.Verbose, _keywords);
        }

        public ConcurrentQueue<EventWrittenEventArgs> Events { get; } = new();

        public IEnumerable<EventWrittenEventArgs> Named(string name) => Events.Where(e => e.EventName == name);

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (_constructed && eventSource.Name == LwktEventSource.ProviderName)
            {
                EnableEvents(eventSource, EventLevel.Verbose, _keywords);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) => Events.Enqueue(eventData);
    }
}
