using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Runtimes;

namespace Lwkt.Workloads;

/// <summary>
/// The six runtimes a workload can run on, by the names the command line and the CSV use, and the floors measured
/// beside them (<see cref="Floors"/>). Adapters live in <c>Runtimes/</c> (namespace <c>Lwkt.Workloads.Runtimes</c>), each
/// with a constructor taking the core count.
/// </summary>
public static class RuntimeCatalog
{
    private static readonly Entry[] s_entries =
    [
        new("lwkt", (cores, pin) => new LwktWorkloadRuntime(cores, pin),
            "LWKT M:N runtime: N virtual CPUs on OS threads, serializing tokens, message ports, sysport for blocking calls",
            Places: true),
        new("os-monitor", (cores, _) => new OsMonitorWorkloadRuntime(cores),
            "OS threads; Monitor (lock), ReaderWriterLockSlim, Monitor.Wait/PulseAll event, Monitor-guarded queue",
            Places: true),
        new("os-futex", (cores, _) => new OsFutexWorkloadRuntime(cores),
            "OS threads; spin-then-futex mutex (Drepper 3-state, real futex(2)), futex rwlock, futex sequence word, futex-woken queue",
            Places: true),
        new("os-lock", (cores, _) => new OsLockWorkloadRuntime(cores),
            "OS threads; System.Threading.Lock, ReaderWriterLockSlim, Monitor.Wait/PulseAll event, Lock-guarded queue + event",
            Places: true),
        new("os-spin", (cores, _) => new OsSpinWorkloadRuntime(cores),
            "OS threads; test-and-test-and-set lock with exponential backoff, spinning rwlock, spin on a sequence word, spin-guarded queue",
            Places: true),
        new("tpl-async", (cores, _) => new TplAsyncWorkloadRuntime(cores),
            ".NET thread-pool tasks; SemaphoreSlim.WaitAsync, async rwlock, async sequence event, Channel<T> port; no placement",
            Places: false),
    ];

    /// <summary>
    /// Floors: not runtimes to compare but the least any runtime of their kind pays, run by the same workload body in the
    /// same run. Each runs only the workload it is the floor of; torture and the runtime tests leave them out.
    /// </summary>
    private static readonly Entry[] s_floors =
    [
        new(AsyncFloorWorkloadRuntime.RuntimeName, (_, _) => new AsyncFloorWorkloadRuntime(),
            "floor of the yield workload: its threads as async methods on one OS thread, a yield = the continuation queued on a ring; nothing else",
            Places: false),
    ];

    /// <summary>Every runtime name, in the order <c>list</c> shows them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. s_entries.Select(e => e.Name)];

    /// <summary>The floors' names (<c>async-floor</c>), which <c>list</c> shows after <see cref="Names"/>.</summary>
    public static IReadOnlyList<string> Floors { get; } = [.. s_floors.Select(e => e.Name)];

    /// <summary>
    /// Why <paramref name="workload"/> cannot run on <paramref name="runtime"/> because the runtime is a floor of another
    /// workload; null for a compared runtime or the floor's own workload.
    /// </summary>
    internal static string? FloorUnsupportedReason(string runtime, string workload) =>
        string.Equals(runtime, AsyncFloorWorkloadRuntime.RuntimeName, StringComparison.OrdinalIgnoreCase)
            && workload != AsyncFloorWorkloadRuntime.Workload
            ? AsyncFloorWorkloadRuntime.UnsupportedReason
            : null;

    /// <summary>One line about the runtime: its threads and synchronisation family.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static string Describe(string name) => Find(name).Description;

    /// <summary>
    /// Creates the runtime on <paramref name="cores"/> CPUs, its own workers pinned one per allowed CPU when
    /// <paramref name="pinWorkers"/> (only <c>lwkt</c> has workers); the caller disposes it.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name or cores below 1.</exception>
    /// <exception cref="NotSupportedException">The runtime cannot run on this platform (its message says why).</exception>
    public static WorkloadRuntime Create(string name, int cores, bool pinWorkers = false)
    {
        Entry entry = Find(name);
        if (cores < 1)
        {
            throw new ArgumentException($"cores must be at least 1, not {cores}");
        }

        return entry.Create(cores, pinWorkers);
    }

    /// <summary>
    /// Whether the runtime can put a thread on a given CPU (a workload's <c>CpuOf</c>); one that cannot runs a placed
    /// cell unplaced, so such cells are unsupported on it rather than measured under a name they do not deserve.
    /// </summary>
    internal static bool Places(string name) => Find(name).Places;

    /// <summary>The canonical name, or an <see cref="ArgumentException"/> listing the known ones.</summary>
    internal static string Canonical(string name) => Find(name).Name;

    private static Entry Find(string name)
    {
        foreach (Entry entry in s_entries.Concat(s_floors))
        {
            if (string.Equals(entry.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return entry;
            }
        }

        throw new ArgumentException($"unknown runtime '{name}' (runtimes: {string.Join(", ", s_entries.Concat(s_floors).Select(e => e.Name))})");
    }

    private sealed record Entry(string Name, Func<int, bool, WorkloadRuntime> Create, string Description, bool Places);
}
