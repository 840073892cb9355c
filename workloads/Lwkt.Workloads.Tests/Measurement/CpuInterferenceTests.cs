using System.Diagnostics;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Tests.Measurement;

/// <summary>The CPU time of the cell's CPUs that other work took: <c>/proc/stat</c> parsing, the share, and a real busy process.</summary>
public sealed class CpuInterferenceTests
{
    // Two CPUs; fields: user nice system idle iowait irq softirq steal guest guest_nice (ticks of 10 ms).
    private static readonly string[] s_stat =
    [
        "cpu  300 20 100 5000 70 3 7 40 0 0",
        "cpu0 100 0 50 2500 30 1 2 10 0 0",
        "cpu1 200 20 50 2500 40 2 5 30 0 0",
        "intr 12345 0 0",
        "cpu9 999 999 999 999 999 999 999 999 0 0",
    ];

    [Fact]
    public void Busy_time_is_user_nice_system_irq_and_softirq_of_the_chosen_cpus_and_steal_is_apart()
    {
        CpuInterference one = CpuInterference.Parse(s_stat, [1]);
        Assert.Equal((200 + 20 + 50 + 2 + 5) * 0.01, one.BusySeconds, 9);
        Assert.Equal(30 * 0.01, one.StealSeconds, 9);

        CpuInterference both = CpuInterference.Parse(s_stat, [0, 1]);
        Assert.Equal((153 + 277) * 0.01, both.BusySeconds, 9);
        Assert.Equal(40 * 0.01, both.StealSeconds, 9);

        Assert.Equal(default, CpuInterference.Parse(s_stat, [5]));
    }

    [Fact]
    public void The_foreign_share_is_busy_time_not_our_own_plus_steal_less_one_tick_per_cpu()
    {
        var window = new CpuInterference(BusySeconds: 0.50, StealSeconds: 0.05);

        // 0.5 s busy of which 0.2 s ours, 0.05 s stolen, one tick of reading error: 0.34 s of a 1-CPU second.
        Assert.Equal(0.34, window.ForeignShare(ownCpuSeconds: 0.2, wallSeconds: 1.0, cpuCount: 1), 9);
        Assert.Equal(0.165, window.ForeignShare(0.2, 1.0, 2), 9);
        Assert.Equal(0, window.ForeignShare(0.9, 1.0, 1));
        Assert.Equal(0, window.ForeignShare(0.2, 0, 1));
        Assert.True(Disturbance.IsDisturbed(0.34));
        Assert.False(Disturbance.IsDisturbed(0.05));
        Assert.False(Disturbance.IsDisturbed(null));
    }

    [Fact]
    public void A_busy_process_pinned_to_a_cpu_shows_as_foreign_time_on_that_cpu()
    {
        using Process hog = Process.Start(new ProcessStartInfo("taskset", ["-c", "0", "sh", "-c", "while :; do :; done"]))!;
        try
        {
            Thread.Sleep(50);
            CpuInterference before = CpuInterference.Read([0]);
            var clock = Stopwatch.StartNew();
            Thread.Sleep(500);
            CpuInterference used = CpuInterference.Read([0]) - before;

            // The hog keeps CPU 0 busy for the whole window (whatever else runs there is foreign too); this test's
            // process only sleeps, so nothing of it is ours.
            Assert.InRange(used.ForeignShare(ownCpuSeconds: 0, clock.Elapsed.TotalSeconds, cpuCount: 1), 0.6, 1.1);
        }
        finally
        {
            hog.Kill();
            hog.WaitForExit();
        }
    }
}
