using System.Reflection;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads;

/// <summary>
/// The six runtimes a workload can run on, by the names the command line and the CSV use. Adapters live in
/// <c>Runtimes/</c> (namespace <c>Lwkt.Workloads.Runtimes</c>), each with a constructor taking the core count.
/// </summary>
public static class RuntimeCatalog
{
    private static readonly Entry[] s_entries =
    [
        new("lwkt", "LwktWorkloadRuntime",
            "LWKT M:N runtime: N virtual CPUs on OS threads, serializing tokens, message ports, sysport for blocking calls",
            RuntimeCounterKinds.Lwkt),
        new("os-monitor", "OsMonitorWorkloadRuntime",
            "OS threads; Monitor (lock), ReaderWriterLockSlim, Monitor.Wait/PulseAll, queue + Monitor",
            RuntimeCounterKinds.None),
        new("os-futex", "OsFutexWorkloadRuntime",
            "OS threads; spin-then-futex mutex (Drepper 3-state, real futex(2)), futex rwlock, futex sequence word, futex-woken queue",
            RuntimeCounterKinds.Futex),
        new("os-lock", "OsLockWorkloadRuntime",
            "OS threads; System.Threading.Lock, ReaderWriterLockSlim, Monitor-style wait/wake, queue + Lock + event",
            RuntimeCounterKinds.None),
        new("os-spin", "OsSpinWorkloadRuntime",
            "OS threads; test-and-test-and-set lock with exponential backoff, spinning rwlock, spin on a sequence word, spin-guarded queue",
            RuntimeCounterKinds.None),
        new("tpl-async", "TplAsyncWorkloadRuntime",
            ".NET thread-pool tasks; SemaphoreSlim.WaitAsync, async rwlock, async events, Channel<T>",
            RuntimeCounterKinds.None),
    ];

    /// <summary>Every runtime name, in the order <c>list</c> shows them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. s_entries.Select(e => e.Name)];

    /// <summary>One line about the runtime: its threads and synchronisation family.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static string Describe(string name) => Find(name).Description;

    /// <summary>Creates the runtime on <paramref name="cores"/> CPUs; the caller disposes it.</summary>
    /// <exception cref="ArgumentException">Unknown name or cores below 1.</exception>
    /// <exception cref="NotSupportedException">The runtime cannot run here (its message says why).</exception>
    public static WorkloadRuntime Create(string name, int cores)
    {
        Entry entry = Find(name);
        if (cores < 1)
        {
            throw new ArgumentException($"cores must be at least 1, not {cores}");
        }

        Type type = AdapterType(entry)
            ?? throw new NotSupportedException($"runtime '{entry.Name}' is not available in this build ({entry.ClassName} is missing)");
        try
        {
            return (WorkloadRuntime)Activator.CreateInstance(type, cores)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>Whether the runtime's adapter exists in this build.</summary>
    internal static bool IsAvailable(string name) => AdapterType(Find(name)) is not null;

    /// <summary>The counters the runtime keeps (others are reported empty unless they move).</summary>
    internal static RuntimeCounterKinds CountersOf(string name) => Find(name).Counters;

    /// <summary>The canonical name, or an <see cref="ArgumentException"/> listing the known ones.</summary>
    internal static string Canonical(string name) => Find(name).Name;

    private static Type? AdapterType(Entry entry) =>
        typeof(RuntimeCatalog).Assembly.GetType("Lwkt.Workloads.Runtimes." + entry.ClassName);

    private static Entry Find(string name)
    {
        foreach (Entry entry in s_entries)
        {
            if (string.Equals(entry.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return entry;
            }
        }

        throw new ArgumentException($"unknown runtime '{name}' (runtimes: {string.Join(", ", s_entries.Select(e => e.Name))})");
    }

    private sealed record Entry(string Name, string ClassName, string Description, RuntimeCounterKinds Counters);
}
