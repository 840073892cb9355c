using Lwkt.Harness.Cli;
using Lwkt.Harness.Machine;
using Lwkt.Harness.Results;
using Lwkt.Harness.Running;

namespace Lwkt.Harness.Merging;

/// <summary>
/// Joins result sets (the shards of one matrix, typically) into one run folder: every row, a fresh summary, the
/// trace files, and an <c>env.json</c> that keeps each input's environment. A cell present in two inputs is an
/// error: merged shards must partition the matrix, and two measurements of one cell are not one result set.
/// </summary>
public static class ResultMerger
{
    /// <summary>What a merge produced.</summary>
    /// <param name="Rows">Rows written.</param>
    /// <param name="Cells">Cells in the merged set.</param>
    /// <param name="Warnings">Comparability warnings (different commits, CPUs or .NET versions).</param>
    public sealed record MergeResult(int Rows, int Cells, IReadOnlyList<string> Warnings);

    /// <summary>Merges <paramref name="inputs"/> (run folders or results.csv files) into <paramref name="outFolder"/>.</summary>
    /// <exception cref="UsageException">A missing input, a cell in two inputs, or an output that already has results.</exception>
    /// <exception cref="ResultsFormatException">An input's results.csv is malformed.</exception>
    public static MergeResult Merge(IReadOnlyList<string> inputs, string outFolder, IReadOnlyList<string> commandLine)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw new UsageException("merge needs at least one input folder");
        }

        var rows = new List<ResultRow>();
        var owner = new Dictionary<CellKey, string>();
        var environments = new List<RunEnvironment>();
        var folders = new List<string>();
        foreach (string input in inputs)
        {
            string folder = Directory.Exists(input) ? input : Path.GetDirectoryName(Path.GetFullPath(input))!;
            string file = Directory.Exists(input) ? Path.Combine(input, ResultsFile.FileName) : input;
            if (!File.Exists(file))
            {
                throw new UsageException($"merge: {input}: no {ResultsFile.FileName} there");
            }

            foreach (ResultRow row in ResultsFile.Read(file))
            {
                CellKey key = CellKey.Of(row);
                if (owner.TryGetValue(key, out string? first) && first != input)
                {
                    throw new UsageException($"merge: cell {key} is in both {first} and {input}");
                }

                owner[key] = input;
                rows.Add(row);
            }

            if (RunEnvironmentFile.Read(Path.Combine(folder, RunEnvironmentFile.FileName)) is { } environment)
            {
                environments.Add(environment);
            }

            folders.Add(folder);
        }

        string outFull = Path.GetFullPath(outFolder);
        string outResults = Path.Combine(outFull, ResultsFile.FileName);
        if (File.Exists(outResults) && new FileInfo(outResults).Length > 0)
        {
            throw new UsageException($"merge: --out {outFolder} already holds a {ResultsFile.FileName}");
        }

        Directory.CreateDirectory(outFull);
        ResultsFile.Write(outResults, rows);
        IReadOnlyList<SummaryRow> summary = Summarizer.WriteFile(Path.Combine(outFull, Summarizer.FileName), rows);
        CopyTraces(folders, outFull);

        MachineInfo machine = environments.Count > 0
            ? environments[0].Machine
            : MachineInfo.Collect(RepositoryPaths.FindRoot() ?? Directory.GetCurrentDirectory(), CpuTopology.Current());
        RunEnvironmentFile.Write(Path.Combine(outFull, RunEnvironmentFile.FileName), new RunEnvironment
        {
            RunId = "merge-" + BenchmarkRunner.NewRunId(),
            StartedUtc = DateTime.UtcNow,
            EndedUtc = DateTime.UtcNow,
            State = "merged",
            Machine = machine,
            AffinityMethod = string.Join(',', environments.Select(e => e.AffinityMethod).Distinct()),
            CommandLine = commandLine,
            Options = new Dictionary<string, string> { ["inputs"] = string.Join(' ', inputs), ["out"] = outFolder },
            Cells = owner.Count,
            MatrixCells = environments.Count > 0 ? environments.Max(e => e.MatrixCells) : owner.Count,
            SteadyState = SteadyStateSummary.Of(summary),
            MergedFrom = environments,
        });
        return new MergeResult(rows.Count, owner.Count, Warnings(rows));
    }

    private static List<string> Warnings(List<ResultRow> rows)
    {
        var warnings = new List<string>();
        void Check(string what, Func<ResultRow, string> column)
        {
            string[] values = [.. rows.Select(column).Distinct()];
            if (values.Length > 1)
            {
                warnings.Add($"warning: the inputs differ in {what} ({string.Join(", ", values)}): compare their numbers with care");
            }
        }

        Check("git commit", r => r.GitSha);
        Check("CPU model", r => r.CpuModel);
        Check(".NET version", r => r.DotnetVersion);
        return warnings;
    }

    private static void CopyTraces(IEnumerable<string> folders, string outFolder)
    {
        foreach (string folder in folders)
        {
            string traces = Path.Combine(folder, "traces");
            if (!Directory.Exists(traces) || Path.GetFullPath(folder) == outFolder)
            {
                continue;
            }

            Directory.CreateDirectory(Path.Combine(outFolder, "traces"));
            foreach (string file in Directory.EnumerateFiles(traces))
            {
                File.Copy(file, Path.Combine(outFolder, "traces", Path.GetFileName(file)), overwrite: false);
            }
        }
    }
}
