using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lwkt.Baselines.Native;

namespace Lwkt.Workloads.Measurement;

/// <summary>
/// What moving one cache line between a cell's first two CPUs cost just now: nanoseconds per round trip of
/// <see cref="LineTransfer"/> (two pinned threads spinning on one line), the median of <see cref="Bursts"/> bursts of
/// <see cref="RoundTripsPerBurst"/>. Taken just before and just after every measured iteration of a cell on two or
/// more CPUs, beside <see cref="MachineSpeed"/>; the row's <see cref="Metric.MachineTransferNs"/>.
/// </summary>
/// <remarks>
/// <para>Why: on the 2-core development VM (KVM) the host moves the two virtual CPUs between physical cores, and a
/// round trip of one line reads ≈ 67, 110–150 or 400–500 ns depending on where they are (the floor probe's modes),
/// changing between child processes and between cells of one run. A 2-core cell's time per op carries that cost, so
/// two cells' figures compare only beside the transfer cost measured around their own iterations.</para>
/// <para>Size and statistic: 16 bursts of 32 round trips, 2–16 µs a burst at the VM's states (≈ 67 to ≈ 500 ns), so a
/// probe stays within one host state and costs 0.15–0.4 ms, ~0.13 ms of it waking the parked responder: 0.3–0.8 ms per
/// iteration, outside the measured window. The median of the bursts, not the fastest: measured on the VM (267 probes
/// 20 ms apart beside a 201 × 1000 floor probe every tenth, load 4), consecutive probes' medians differed by 4 %
/// (median; 19 % at the 90th percentile), their fastest bursts by 6 % (25 %); a burst the host or another thread
/// interrupts is an outlier the median ignores. Every probe next to a floor probe read the floor's state: 59–92 ns
/// beside floors of 60–89, 311–345 beside the one of 316.</para>
/// <para>Bounded by <see cref="Deadline"/>: with the partner CPU held by another thread the probe returns what it
/// completed by then; fewer than half the bursts is no figure (null). Caller: the child's iteration loop on its main
/// thread, between iterations (no workload thread runs). It pins the calling thread to the cell's first CPU for the
/// probe and gives it the whole set back after, as <see cref="MachineSpeed"/> does.</para>
/// </remarks>
internal static class MachineTransfer
{
    /// <summary>Bursts per probe; the median counts.</summary>
    public const int Bursts = 16;

    /// <summary>Round trips per burst.</summary>
    public const int RoundTripsPerBurst = 32;

    /// <summary>
    /// The longest a probe may take, the responder's wake-up included; past it the probe ends with what it has. 5 ms:
    /// beside a busy thread of another process on the partner CPU, the responder waits up to one scheduler slice
    /// (≈ 3 ms) for it; under a thread of far higher weight (nice -20) it gets no slice in time and the probe gives none.
    /// </summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(5);

    private static readonly Action<int> s_pin = ThreadAffinity.PinCurrentThread;

    // The responder, parked between probes, kept for the process (a fresh thread's start took 0.3–4 ms on the VM, more
    // than the probe itself); replaced when a cell's second CPU differs. In the child only its main thread probes.
    private static LineTransfer? s_transfer;

    // One initiator at a time (LineTransfer's rule): in-process test cells may probe from several threads at once.
    private static readonly Lock s_lock = new();

    /// <summary>
    /// Nanoseconds per round trip between <c>cpus[0]</c> and <c>cpus[1]</c> (the median burst), or null for fewer
    /// than two CPUs or when fewer than half the bursts completed by the deadline.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double? Probe(int[] cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        if (cpus.Length < 2)
        {
            return null;
        }

        Span<double> bursts = stackalloc double[Bursts];
        int completed;
        lock (s_lock)
        {
            completed = Run(cpus, bursts);
        }

        return Statistic(bursts[..completed]);
    }

    /// <summary>Runs the bursts from <c>cpus[0]</c>; returns how many completed. Under <see cref="s_lock"/>.</summary>
    private static int Run(int[] cpus, Span<double> bursts)
    {
        try
        {
            ThreadAffinity.PinCurrentThread(cpus[0]);
            if (s_transfer?.ResponderCpu != cpus[1])
            {
                s_transfer?.Dispose();
                s_transfer = new LineTransfer(cpus[1], s_pin);
            }

            long deadline = Stopwatch.GetTimestamp() + (long)(Deadline.TotalSeconds * Stopwatch.Frequency);
            return s_transfer.Run(bursts, RoundTripsPerBurst, deadline);
        }
        finally
        {
            ThreadAffinity.PinCurrentThread(cpus);
        }
    }

    /// <summary>The probe's figure from its completed bursts: their median, or null below half of <see cref="Bursts"/>.</summary>
    internal static double? Statistic(Span<double> completed)
    {
        if (completed.Length < Bursts / 2)
        {
            return null;
        }

        completed.Sort();
        int n = completed.Length;
        return n % 2 == 1 ? completed[n / 2] : (completed[(n / 2) - 1] + completed[n / 2]) / 2;
    }
}
