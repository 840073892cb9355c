using System.Diagnostics;
using Lwkt.Baselines.Native;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Tests.Measurement;

/// <summary>
/// The per-iteration line-transfer probe: a plausible figure on two CPUs, none on one, the calling thread's CPU set
/// given back, the statistic, and a run whose responder cannot get its CPU ending at its deadline.
/// </summary>
public sealed class MachineTransferTests
{
    [Fact]
    public void A_probe_of_two_cpus_reads_a_round_trip_and_gives_the_thread_its_cpu_set_back()
    {
        if (!ThreadAffinity.IsSupported || ThreadAffinity.AllowedCpus().Length < 2)
        {
            return;
        }

        int[] allowed = ThreadAffinity.AllowedCpus();

        // Two transfers of one line: tens to hundreds of ns on any machine (≈ 67–500 on the development VM). Other work on
        // the partner CPU may cost one probe its figure (a loaded machine: 2 of 20 at load 4), not five in a row.
        double?[] probes = [.. Enumerable.Range(0, 5).Select(_ => MachineTransfer.Probe(allowed))];
        Assert.Contains(probes, ns => ns is >= 10 and <= 100_000);
        Assert.Equal(allowed, ThreadAffinity.AllowedCpus());
        Assert.Null(MachineTransfer.Probe([allowed[0]]));
        Assert.Null(MachineTransfer.Probe([]));
    }

    [Fact]
    public void The_figure_is_the_median_burst_and_none_below_half_the_bursts()
    {
        double[] bursts = [120, 118, 9000, 121, 119, 122, 117, 4000, 120, 121, 118, 119, 120, 122, 121, 120];
        // Statistic sorts the span it is given (the probe's own stackalloc): each call gets a copy here.
        Assert.Equal(120, MachineTransfer.Statistic([.. bursts]));
        Assert.Equal(120.5, MachineTransfer.Statistic(bursts.AsSpan(0, 8).ToArray()));
        Assert.Null(MachineTransfer.Statistic(bursts.AsSpan(0, MachineTransfer.Bursts / 2 - 1).ToArray()));
    }

    [Fact]
    public void A_run_whose_responder_cannot_get_its_cpu_ends_at_the_deadline()
    {
        if (!ThreadAffinity.IsSupported)
        {
            return;
        }

        // The responder pinned to the initiator's own CPU: each round trip waits for the scheduler to switch between the
        // two spinning threads (a slice, milliseconds), as when another thread holds the partner CPU. Deterministic where
        // a hog is not (a woken responder may preempt even a nice -20 hog at once, on its sleeper credit).
        int[] allowed = ThreadAffinity.AllowedCpus();
        ThreadAffinity.PinCurrentThread(allowed[0]);
        try
        {
            using var transfer = new LineTransfer(allowed[0], ThreadAffinity.PinCurrentThread);
            Span<double> bursts = stackalloc double[MachineTransfer.Bursts];
            long start = Stopwatch.GetTimestamp();
            int completed = transfer.Run(bursts, MachineTransfer.RoundTripsPerBurst, start + (long)(MachineTransfer.Deadline.TotalSeconds * Stopwatch.Frequency));
            double took = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            // 512 round trips at a slice each would take seconds; the deadline (5 ms) and one slice to notice it end it.
            Assert.True(took < 300, $"{completed} bursts in {took:0.0} ms");
            Assert.True(completed < MachineTransfer.Bursts / 2, $"{completed} bursts in {took:0.0} ms");
            Assert.Null(MachineTransfer.Statistic(bursts[..completed]));
        }
        finally
        {
            ThreadAffinity.PinCurrentThread(allowed);
        }
    }
}
