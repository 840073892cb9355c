using Lwkt.Baselines.Native;
using Lwkt.Runtime;
using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Runtimes;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// What the torture must know about a runtime beyond the abstraction, found by looking through
/// <see cref="DelegatingWorkloadRuntime"/> wrappers: whether its locks are LWKT tokens (released while the holder
/// blocks, held again before it continues) and how a thread can be moved to another CPU.
/// </summary>
internal sealed class TortureTraits
{
    private TortureTraits(WorkloadRuntime runtime)
    {
        WorkloadRuntime bottom = runtime;
        while (bottom is DelegatingWorkloadRuntime wrapper)
        {
            bottom = wrapper.Inner;
        }

        Lwkt = (bottom as LwktWorkloadRuntime)?.Runtime;
        if (Lwkt is not null)
        {
            Shuffle = ShuffleKind.LwktSetCpu;
            ShuffleNote = "LwktThread.SetCpuAsync to a random virtual CPU";
        }
        else if (bottom is OsThreadWorkloadRuntime && ThreadAffinity.IsSupported)
        {
            AllowedCpus = ThreadAffinity.AllowedCpus();
            Shuffle = AllowedCpus.Length > 0 ? ShuffleKind.OsAffinity : ShuffleKind.None;
            ShuffleNote = Shuffle == ShuffleKind.OsAffinity
                ? $"sched_setaffinity to a random CPU of [{string.Join(",", AllowedCpus)}]"
                : "skipped (no allowed CPUs reported)";
        }
        else
        {
            ShuffleNote = bottom is OsThreadWorkloadRuntime
                ? "skipped (no CPU affinity on this OS)"
                : "skipped (thread-pool tasks have no placement)";
        }
    }

    /// <summary>How a stress thread moves to another CPU.</summary>
    internal enum ShuffleKind
    {
        /// <summary>It cannot.</summary>
        None,

        /// <summary><see cref="LwktThread.SetCpuAsync"/>.</summary>
        LwktSetCpu,

        /// <summary>Re-pins its OS thread with sched_setaffinity.</summary>
        OsAffinity,
    }

    /// <summary>The LWKT runtime underneath, or null.</summary>
    public LwktRuntime? Lwkt { get; }

    /// <summary>
    /// True when locks are tokens: a block releases them and the scheduler takes them again before the thread goes on,
    /// so the protected data may change across any blocking point (docs/lwkt-semantics.md invariants 8-9). False: a held lock survives a block.
    /// </summary>
    public bool TokenSemantics => Lwkt is not null;

    /// <summary>True for a deterministic LWKT run.</summary>
    public bool Deterministic => Lwkt?.IsDeterministic == true;

    /// <summary>How threads are shuffled across CPUs.</summary>
    public ShuffleKind Shuffle { get; }

    /// <summary>The allowed CPUs for <see cref="ShuffleKind.OsAffinity"/>.</summary>
    public int[] AllowedCpus { get; } = [];

    /// <summary>One line on how shuffling works here (or why it is skipped).</summary>
    public string ShuffleNote { get; }

    public static TortureTraits Of(WorkloadRuntime runtime) => new(runtime);
}
