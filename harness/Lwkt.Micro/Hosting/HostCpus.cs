using Lwkt.Baselines.Native;

namespace Lwkt.Micro.Hosting;

/// <summary>The host CPUs this benchmark process may use, and the ones each <see cref="Placement"/> pins to.</summary>
internal static class HostCpus
{
    /// <summary>
    /// The allowed set, read once. The first read happens on the benchmark's main thread (in a global setup), which is
    /// unpinned, so it is the process's set.
    /// </summary>
    public static IReadOnlyList<int> Allowed { get; } = ThreadAffinity.IsSupported
        ? ThreadAffinity.AllowedCpus()
        : Enumerable.Range(0, Environment.ProcessorCount).ToArray();

    /// <summary>True when there are two CPUs to place a cross-CPU pair on.</summary>
    public static bool HasTwo => Allowed.Count >= 2;

    /// <summary>The host CPUs of the first and second party under <paramref name="placement"/>.</summary>
    public static (int First, int Second) For(Placement placement) => placement switch
    {
        Placement.SameCpu => (Allowed[0], Allowed[0]),
        Placement.CrossCpu when HasTwo => (Allowed[0], Allowed[1]),
        _ => throw new InvalidOperationException($"{placement} cannot be pinned on CPUs {string.Join(',', Allowed)}."),
    };

    /// <summary>The placements with pinned parties this machine can run: same CPU, and cross CPU where there are two.</summary>
    public static Placement[] PinnedPlacements() => HasTwo ? [Placement.SameCpu, Placement.CrossCpu] : [Placement.SameCpu];

    /// <summary>Pins the calling OS thread to <paramref name="cpu"/> where affinity is supported (Linux).</summary>
    public static void Pin(int cpu)
    {
        if (ThreadAffinity.IsSupported)
        {
            ThreadAffinity.PinCurrentThread(cpu);
        }
    }
}
