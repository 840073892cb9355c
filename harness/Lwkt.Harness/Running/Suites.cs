using System.Text.Json;
using Lwkt.Harness.Cli;

namespace Lwkt.Harness.Running;

/// <summary>The built-in suites and the loading of suite files.</summary>
public static class Suites
{
    /// <summary>
    /// The default suite: every workload on every runtime at 1 core and all cores, 4 threads (1 for
    /// <c>uncontended</c>, which is single-threaded by definition), at least one warm-up and three 150 ms measured
    /// iterations. Measured on the quiet 2-core VM: 156 cells in 328 s, 2.1 s a cell, of which the JIT stage took
    /// 1.24 s on average (193 s in all), measuring 0.48 s, warm-up 0.15 s and the child's start the rest. The stage
    /// is mostly the background JIT's own compiles (about 2,400 methods a cell). The target was 3 minutes; steady
    /// state costs the JIT stage (docs/measurement.md).
    /// </summary>
    public static SuiteDefinition Quick { get; } = new()
    {
        Name = "quick",
        Description = "every workload × runtime at cores 1 and all, 4 threads, JIT stage + ≥1 warm-up + 3 × 150 ms (≈ 5.5 min on 2 cores)",
        Cores = "1,all",
        Threads = "4",
        WorkloadThreads = new() { ["uncontended"] = "1" },
        Params = [],
        Duration = "150ms",
        Warmup = 1,
        Iterations = 3,
    };

    /// <summary>
    /// The full matrix: cores 1, 2, 4, … all; threads 1, 2, 4, … 1024 plus 2× and 4× oversubscription per core
    /// count; one 500 ms warm-up and five 500 ms measured iterations (hours on a small machine: shard it). Otherwise
    /// as <see cref="Quick"/>, like a suite file.
    /// </summary>
    public static SuiteDefinition Full { get; } = Quick with
    {
        Name = "full",
        Description = "cores 1,2,4..all × threads 1..1024 + 2x,4x per core; 1 warm-up + 5 × 500 ms (hours: use --shard)",
        Cores = "sweep",
        Threads = "sweep,2x,4x",
        Duration = "500ms",
        Iterations = 5,
    };

    /// <summary>The built-in suites by name.</summary>
    public static IReadOnlyList<SuiteDefinition> BuiltIn { get; } = [Quick, Full];

    /// <summary>The repository's folder of suite files (<c>suites/NAME.json</c>), which <c>--suite NAME</c> finds by name.</summary>
    public const string FolderName = "suites";

    /// <summary>
    /// The suite files checked in under <see cref="FolderName"/> at the repository root, by name (the file name without
    /// <c>.json</c>), ordered; empty outside the repository.
    /// </summary>
    public static IReadOnlyList<string> CheckedInFiles()
    {
        string? root = RepositoryPaths.FindRoot();
        string folder = root is null ? "" : Path.Combine(root, FolderName);
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>
    /// Resolves <c>--suite</c>: a built-in name, the path of a JSON suite file, or the name of a checked-in suite file
    /// (<c>scaling</c> for <c>suites/scaling.json</c>).
    /// </summary>
    /// <exception cref="UsageException">Neither a built-in suite nor a readable, valid suite file.</exception>
    public static SuiteDefinition Resolve(string nameOrPath)
    {
        SuiteDefinition? builtIn = BuiltIn.FirstOrDefault(s => string.Equals(s.Name, nameOrPath, StringComparison.OrdinalIgnoreCase));
        if (builtIn is not null)
        {
            return builtIn;
        }

        if (!File.Exists(nameOrPath))
        {
            string? checkedIn = CheckedInFiles().FirstOrDefault(f =>
                string.Equals(Path.GetFileNameWithoutExtension(f), nameOrPath, StringComparison.OrdinalIgnoreCase));
            if (checkedIn is null)
            {
                string names = string.Join(", ", BuiltIn.Select(s => s.Name).Concat(CheckedInFiles().Select(Path.GetFileNameWithoutExtension)));
                throw new UsageException($"--suite '{nameOrPath}' is neither a suite ({names}) nor an existing file");
            }

            nameOrPath = checkedIn;
        }

        SuiteDefinition? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllText(nameOrPath), SuiteJson.Default.SuiteDefinition);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"suite file {nameOrPath}: {ex.Message}", ex);
        }

        if (file is null)
        {
            throw new UsageException($"suite file {nameOrPath}: empty (expected a JSON object)");
        }

        return Quick with
        {
            Name = file.Name ?? Path.GetFileNameWithoutExtension(nameOrPath),
            Description = file.Description ?? nameOrPath,
            Workloads = file.Workloads ?? Quick.Workloads,
            Runtimes = file.Runtimes ?? Quick.Runtimes,
            Cores = file.Cores ?? Quick.Cores,
            Threads = file.Threads ?? Quick.Threads,
            WorkloadThreads = file.WorkloadThreads ?? (file.Threads is null ? Quick.WorkloadThreads : []),
            Params = file.Params ?? Quick.Params,
            Duration = file.Duration ?? Quick.Duration,
            Warmup = file.Warmup ?? Quick.Warmup,
            Iterations = file.Iterations ?? Quick.Iterations,
        };
    }
}
