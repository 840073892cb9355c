using Lwkt.Runtime;
using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Runtimes;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// The runtimes a torture can run: every runtime of <see cref="RuntimeCatalog"/>, and <c>busted</c> (OS threads whose
/// locks do nothing), which exists only here.
/// </summary>
public static class TortureTargets
{
    /// <summary>The busted control's name.</summary>
    public const string Busted = "busted";

    /// <summary>The runtime under the busted control's no-op locks (its threads, events and ports are real).</summary>
    public const string BustedBase = "os-futex";

    /// <summary>The only runtime with a deterministic mode.</summary>
    public const string Lwkt = "lwkt";

    /// <summary>Every name <see cref="Create"/> accepts: the catalogue's runtimes, then <c>busted</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. RuntimeCatalog.Names, Busted];

    /// <summary>
    /// Creates runtime <paramref name="name"/> for <paramref name="options"/>: deterministic <c>lwkt</c> when asked, the
    /// busted control, or a catalogue runtime whose locks <see cref="TortureLock.Busted"/> replaces. The caller disposes it.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name, or a combination that cannot run (one line, for the user).</exception>
    public static WorkloadRuntime Create(string name, TortureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string canonical = Canonical(name);
        if (options.Deterministic)
        {
            if (canonical != Lwkt)
            {
                throw new ArgumentException($"--deterministic: only {Lwkt} has a deterministic mode, not {canonical}");
            }

            if (options.Lock == TortureLock.Busted)
            {
                throw new ArgumentException(
                    "--deterministic with the busted lock cannot fail: one OS thread interleaves the CPUs only at blocking points, where tokens are released anyway");
            }

            return new LwktWorkloadRuntime(new LwktRuntimeOptions
            {
                Cpus = options.Cores,
                DeterministicSeed = options.Seed,
                RecordEvents = options.RecordEvents,
            });
        }

        if (canonical == Busted)
        {
            return new BustedWorkloadRuntime(RuntimeCatalog.Create(BustedBase, options.Cores));
        }

        WorkloadRuntime runtime = RuntimeCatalog.Create(canonical, options.Cores);
        return options.Lock == TortureLock.Busted ? new BustedWorkloadRuntime(runtime) : runtime;
    }

    /// <summary>The canonical spelling of <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static string Canonical(string name)
    {
        foreach (string known in Names)
        {
            if (string.Equals(known, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        throw new ArgumentException($"unknown runtime '{name}' (torture runtimes: {string.Join(", ", Names)})");
    }
}
