using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.Tests.Messaging;

/// <summary>
/// A thread that waits for a reply to its own CPU, or receives from a spin port, while nothing else is runnable there
/// waits in place: it runs its CPU's IPIs itself instead of switching out (<see cref="VirtualCpu.WaitInPlace"/>).
/// </summary>
public class WaitInPlaceTests
{
    /// <summary>
    /// The wait must stop when a handler it runs makes another thread of its CPU runnable. The server on CPU 1 answers
    /// each request only after a helper on CPU 0 — woken by the server's put, an IPI the waiting client runs — has
    /// replied to it. The idle spin is 5 minutes, so a waiter that kept waiting would wait at least its shortest budget
    /// (≈ 19 s) for a reply that only the helper's run brings about: the test allows 10 s for all rounds, which take
    /// milliseconds. With <c>in-place-wait-ignores-runnable</c> planted it fails.
    /// </summary>
    [Fact]
    public void A_thread_waiting_in_place_gives_the_cpu_to_a_thread_its_ipis_made_runnable()
    {
        const int rounds = 20;
        int wrong = 0;
        var clock = Stopwatch.StartNew();
        TestRuntime.Run(new LwktRuntimeOptions { Cpus = 2, IdleSpin = TimeSpan.FromMinutes(5) }, async rt =>
        {
            LwktThread helper = rt.Spawn(
                async () =>
                {
                    for (int i = 0; i < rounds; i++)
                    {
                        var m = (Probe)await LwktThread.Current!.Port.WaitPortAsync();
                        m.CountedReply();
                    }
                },
                cpu: 0);
            LwktThread server = rt.Spawn(
                async () =>
                {
                    MessagePort port = LwktThread.Current!.Port;
                    var toHelper = new Probe(port);
                    for (int i = 0; i < rounds; i++)
                    {
                        var request = (Probe)await port.WaitPortAsync();
                        await helper.Port.SendAndWaitAsync(toHelper);
                        request.Result = request.Value + 1;
                        request.CountedReply();
                    }
                },
                cpu: 1);
            wrong = await CallAsync(server.Port, rounds);

            await server.JoinAsync();
            await helper.JoinAsync();
        });

        Assert.Equal(0, wrong);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{rounds} rounds took {clock.Elapsed}: a waiter kept the CPU from a runnable thread");
    }

    /// <summary>
    /// No message is lost where a wait in place stops as a sender, having read it spinning, publishes without the
    /// doorbell: a client calls a server that receives from a spin port, 50,000 times, with a 2 µs idle spin, so that
    /// waits keep running out as messages land and the CPUs keep heading for their parks. A lost entry leaves a CPU
    /// parked with it in its ring, and the conversation hangs (the watchdog fails the test). Both waits run in place:
    /// the client's for its reply, the server's for the next request.
    /// </summary>
    [Fact]
    public void No_message_is_lost_when_waits_in_place_stop_as_senders_skip_the_doorbell()
    {
        const int rounds = 50_000;
        int wrong = 0;
        long inPlace = 0;
        TestRuntime.Run(new LwktRuntimeOptions { Cpus = 2, IdleSpin = TimeSpan.FromMicroseconds(2) }, async rt =>
        {
            MessagePort port = MessagePort.CreateSpinPort();
            LwktThread server = rt.Spawn(
                async () =>
                {
                    for (int i = 0; i < rounds; i++)
                    {
                        var request = (Probe)await port.WaitPortAsync();
                        request.Result = request.Value + 1;
                        request.CountedReply();
                    }
                },
                cpu: 1);
            wrong = await CallAsync(port, rounds);

            await server.JoinAsync();
            inPlace = rt.Cpus[0].InPlaceWaits + rt.Cpus[1].InPlaceWaits;
        });

        Assert.Equal(0, wrong);
        Assert.True(inPlace > 0, "no wait ended in place: the test did not exercise it");
    }

    /// <summary>
    /// The race a wait in place leaves open when it stops, built on purpose: a receiver on CPU 1 waits in place on a spin
    /// port; CPU 0 queues a message, the wait finds it and stops, owing the fence and last look at its slots
    /// (CpuCore.RingScanOwed). While the receiver runs, CPU 0 publishes an entry without ringing (what a sender that read
    /// the wait spinning does) and goes to sleep; the receiver then ends, and CPU 1, with nobody busy to spin for, heads
    /// for a park that no doorbell would end. The owed scan must run the entry first. With
    /// <c>in-place-wait-skips-ring-scan</c> planted it fails.
    /// </summary>
    [Fact]
    public void An_entry_published_unrung_as_a_wait_in_place_stops_runs_before_the_cpu_parks()
    {
        const int races = 3;
        int built = 0;
        for (int attempt = 0; attempt < 20 * races && built < races; attempt++)
        {
            var state = new StrongBox<int>();
            var ran = new StrongBox<int>();
            bool owed = false;
            bool ranInTime = true;
            string counters = "";
            TestRuntime.Run(new LwktRuntimeOptions { Cpus = 2, IdleSpin = TimeSpan.FromMilliseconds(5) }, async rt =>
            {
                VirtualCpu mine = VirtualCpu.Current!, other = rt.Cpus[1 - VirtualCpu.Current!.Id];
                MessagePort port = MessagePort.CreateSpinPort();
                LwktThread receiver = rt.Spawn(
                    async () =>
                    {
                        // Two switches first: the scan owed by the idle spin that found this thread's spawn is paid.
                        await LwktThread.YieldAsync();
                        await LwktThread.YieldAsync();
                        await port.WaitPortAsync();
                        Volatile.Write(ref state.Value, 1);
                        WorkerWaits.SpinUntil(() => Volatile.Read(ref state.Value) == 2, 2_000);

                        // The sender's thread goes to sleep: let its CPU reach its idle loop, so this CPU has nobody busy.
                        WorkerWaits.SpinUntil(static () => false, 2);
                    },
                    cpu: other.Id);

                // This CPU stays busy, so the receiver may wait in place; the message goes out once it does.
                WorkerWaits.SpinUntil(() => other.CurrentThread == receiver && other.IsSpinning, 2_000);

                // Waiting in place, with no scan owed yet: one owed after the message is the wait's own.
                bool waiting = other.CurrentThread == receiver && other.IsSpinning && !other.OwesRingScan;
                port.Send(new Probe(MessagePort.CreateReplyOnlyPort()));
                WorkerWaits.SpinUntil(() => Volatile.Read(ref state.Value) == 1, 2_000);

                // The receiver runs, so the other CPU's flag holds still: owed when its wait in place found the message.
                owed = waiting && other.OwesRingScan;
                if (owed)
                {
                    mine.PublishUnrung(other, static (box, _) => Volatile.Write(ref ((StrongBox<int>)box!).Value, 1), ran, 0);
                }

                Volatile.Write(ref state.Value, 2);
                if (owed)
                {
                    // Sleeps between looks, so this CPU parks (WorkerWaits.SleepUntilAsync).
                    ranInTime = await WorkerWaits.SleepUntilAsync(() => Volatile.Read(ref ran.Value) == 1);
                }

                counters = $"cpu{mine.Id}: {mine.Counters}; cpu{other.Id}: {other.Counters}; {other.DescribeState()}";
                await receiver.JoinAsync();
            });

            built += owed ? 1 : 0;
            Assert.True(ranInTime, $"the unrung entry did not run within 2 s (attempt {attempt}; {counters})");
        }

        Assert.True(built == races, $"the race was built {built} times of {races}: too few waits in place found their message");
    }

    /// <summary>
    /// The client's side of the conversations: <paramref name="rounds"/> send-and-waits of one message to
    /// <paramref name="server"/>, whose server answers value + 1; returns the rounds answered wrong or with an error.
    /// </summary>
    private static async ValueTask<int> CallAsync(MessagePort server, int rounds)
    {
        int wrong = 0;
        var msg = new Probe(LwktThread.Current!.Port);
        for (int i = 0; i < rounds; i++)
        {
            msg.Value = i;
            wrong += await server.SendAndWaitAsync(msg) == 0 && msg.Result == i + 1 ? 0 : 1;
        }

        return wrong;
    }
}
