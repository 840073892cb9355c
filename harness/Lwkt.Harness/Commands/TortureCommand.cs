using System.CommandLine;
using System.Globalization;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Machine;
using Lwkt.Harness.Running;
using Lwkt.Harness.Torture;
using Lwkt.Workloads.Torture;

namespace Lwkt.Harness.Commands;

/// <summary>
/// <c>torture</c>: locktorture for every runtime (docs/architecture.md, Torture). Each runtime runs in its own pinned child; its statistics
/// lines stream as they come; the command ends with one verdict per runtime and <c>SUCCESS</c> or <c>FAILURE</c>.
/// Exit code 0 when every runtime passed, 1 when one failed (or hung), 2 on bad input, 130 when interrupted.
/// </summary>
public static class TortureCommand
{
    private static readonly Option<IReadOnlyList<string>?> s_runtimes = TypedOption.Names("--runtimes", "runtimes to torture, comma-separated: the catalogue's, all, or busted (default: all; lwkt with --deterministic)");
    private static readonly Option<TortureLock?> s_lock = TypedOption.Choice<TortureLock?>("--lock", "normal, or busted: locks that do nothing (must end in FAILURE)", [.. Enum.GetValues<TortureLock>().Select(k => (TortureSettings.LockName(k), (TortureLock?)k))]);
    private static readonly Option<CoreSelection?> s_cores = TypedOption.Cores("--cores", "CPUs per runtime (default: all the harness may use)", "N");
    private static readonly Option<TimeSpan?> s_duration = TypedOption.Duration("--duration", "stress time per runtime (default 60s; virtual time with --deterministic)");
    private static readonly Option<int?> s_seed = TypedOption.Integer("--seed", "seed of every random choice and of the deterministic scheduler (default: random, printed)", 0);
    private static readonly Option<TimeSpan?> s_statInterval = TypedOption.Duration("--stat-interval", "statistics period (default 10s); intervals of 2s or more also check every thread's progress");
    private static readonly Option<bool> s_deterministic = new("--deterministic") { Description = "lwkt only: every virtual CPU on one OS thread under a seeded scheduler; ends with 'digest: <hex>'" };
    private static readonly Option<int?> s_writers = TypedOption.Integer("--writers", "writers on the exclusive lock (default 2 per core)", 1, 4096);
    private static readonly Option<int?> s_readers = TypedOption.Integer("--readers", "readers on the reader/writer lock (default 1 per core)", 0, 4096);
    private static readonly Option<TimeSpan?> s_stutter = TypedOption.Duration("--stutter", "run this long, then pause every stress thread for a quarter of it (default 2s; 0: off)", offAllowed: true);
    private static readonly Option<TimeSpan?> s_shuffle = TypedOption.Duration("--shuffle-interval", "move every stress thread to a random CPU this often (default 1s; 0: off)", offAllowed: true);
    private static readonly Option<TimeSpan?> s_longHold = TypedOption.Duration("--long-hold", "the occasional long hold of the lock (default 20ms; 0: off)", offAllowed: true);
    private static readonly Option<TimeSpan?> s_waitBound = TypedOption.Duration("--wait-bound", "watchdog bound on any one wait; beyond it: hang or lost wakeup, with a dump (default 10s)");
    private static readonly Option<TimeSpan?> s_timeout = TypedOption.Duration("--timeout", "kill a runtime's child after this (default: duration + 2 wait bounds + 1m; x20 duration if deterministic)");

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("torture", "Torture every runtime, locktorture style: stress threads, perturbations, in-band invariant checks; SUCCESS or FAILURE.");
        foreach (Option option in new Option[] { s_runtimes, s_lock, s_cores, s_duration, s_seed, s_statInterval, s_deterministic, s_writers, s_readers, s_stutter, s_shuffle, s_longHold, s_waitBound, s_timeout })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, _) => ExecuteAsync(parseResult));
        return command;
    }

    /// <summary>
    /// The settings of a parsed <c>torture</c> command (each value was checked when parsed); checks the runtimes against
    /// <paramref name="knownRuntimes"/>, the catalogue's names, and the options against each other.
    /// </summary>
    /// <exception cref="UsageException">An unknown runtime or a bad combination.</exception>
    public static TortureSettings ReadSettings(ParseResult parseResult, IReadOnlyList<string> knownRuntimes, int availableCpus)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(knownRuntimes);
        bool deterministic = parseResult.GetValue(s_deterministic);
        TortureLock lockKind = parseResult.GetValue(s_lock) ?? TortureLock.Normal;
        IReadOnlyList<string> runtimes = ReadRuntimes(parseResult.GetValue(s_runtimes), knownRuntimes, deterministic);
        if (deterministic)
        {
            string? other = runtimes.FirstOrDefault(r => r != TortureSettings.Lwkt);
            if (other is not null)
            {
                throw new UsageException($"--deterministic: only {TortureSettings.Lwkt} has a deterministic mode, not {other}");
            }

            if (lockKind == TortureLock.Busted)
            {
                throw new UsageException("--deterministic with --lock busted cannot fail: one OS thread interleaves the CPUs only at blocking points, where tokens are released anyway");
            }
        }

        var options = new TortureOptions
        {
            Lock = lockKind,
            Cores = parseResult.GetValue(s_cores) is { } cores ? cores.Resolve(availableCpus)[^1] : availableCpus,
            Seed = parseResult.GetValue(s_seed) ?? Random.Shared.Next(1, int.MaxValue),
            Deterministic = deterministic,
            Writers = parseResult.GetValue(s_writers),
            Readers = parseResult.GetValue(s_readers),
            Duration = parseResult.GetValue(s_duration) ?? TimeSpan.FromSeconds(60),
            StatInterval = parseResult.GetValue(s_statInterval) ?? TortureDefaults.StatInterval,
            Stutter = parseResult.GetValue(s_stutter) ?? TortureDefaults.Stutter,
            ShuffleInterval = parseResult.GetValue(s_shuffle) ?? TortureDefaults.ShuffleInterval,
            LongHold = parseResult.GetValue(s_longHold) ?? TortureDefaults.LongHold,
            WaitBound = parseResult.GetValue(s_waitBound) ?? TortureDefaults.WaitBound,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        return new TortureSettings { Runtimes = runtimes, Options = options, Timeout = parseResult.GetValue(s_timeout) };
    }

    private static IReadOnlyList<string> ReadRuntimes(IReadOnlyList<string>? given, IReadOnlyList<string> known, bool deterministic)
    {
        if (given is null || given.Count == 0)
        {
            return deterministic ? [TortureSettings.Lwkt] : known;
        }

        var runtimes = new List<string>();
        foreach (string name in given)
        {
            if (name.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                runtimes.AddRange(known.Where(k => !runtimes.Contains(k)));
                continue;
            }

            string? canonical = known.Append(TortureSettings.Busted).FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"--runtimes: unknown runtime '{name}' (torture runtimes: {string.Join(", ", known)}, {TortureSettings.Busted})");
            if (!runtimes.Contains(canonical))
            {
                runtimes.Add(canonical);
            }
        }

        return runtimes;
    }

    private static async Task<int> ExecuteAsync(ParseResult parseResult)
    {
        TextWriter output = parseResult.InvocationConfiguration.Output;
        TextWriter error = parseResult.InvocationConfiguration.Error;
        HostClient host = HostClient.Locate();
        CpuTopology topology = CpuTopology.Current();
        TortureSettings settings = ReadSettings(parseResult, [.. host.Catalog().Runtimes.Where(r => !r.Floor).Select(r => r.Name)], topology.Count);

        using var interrupt = new InterruptSignals();
        output.WriteLine(settings.Describe());
        var runner = new TortureRunner(host.HostDll, settings, topology);
        var verdicts = new List<TortureVerdict>();
        try
        {
            foreach (string runtime in settings.Runtimes)
            {
                TortureVerdict verdict = await runner.RunAsync(runtime, output, error, interrupt.Token).ConfigureAwait(false);

                // Ctrl-C reaches the child too: it may have died of it before the harness saw the signal.
                interrupt.Token.ThrowIfCancellationRequested();
                if (verdict.ExitCode == ExitCodes.Usage)
                {
                    throw new UsageException($"torture {runtime}: {verdict.Reason}");
                }

                verdicts.Add(verdict);
            }
        }
        catch (OperationCanceledException) when (interrupt.IsInterrupted)
        {
            output.WriteLine($"interrupted after {verdicts.Count} of {settings.Runtimes.Count} runtime(s)");
            return ExitCodes.Interrupted;
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"torture summary (seed {settings.Options.Seed}):"));
        int width = verdicts.Max(v => v.Runtime.Length) + 2;
        foreach (TortureVerdict verdict in verdicts)
        {
            output.WriteLine($"  {verdict.Runtime.PadRight(width)}{(verdict.Success ? "SUCCESS" : "FAILURE: " + verdict.Reason)}");
        }

        bool success = verdicts.All(v => v.Success);
        output.WriteLine(success ? "SUCCESS" : "FAILURE");
        if (settings.Options.Deterministic)
        {
            if (!success)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay with: lwkt-bench torture --deterministic --seed {settings.Options.Seed}"));
            }

            // A deterministic run ends with its schedule digest: the same seed must print the same line.
            if (verdicts[^1].Digest is string digest)
            {
                output.WriteLine(TortureRunner.DigestPrefix + digest);
            }
        }

        return success ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
