using System.Text.Json;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Workloads.Host;

/// <summary>
/// <c>plan</c> mode: checks a list of cells as <see cref="CellRunner"/> would (names, parameter values, the
/// combination of threads and parameters) and returns each cell's canonical parameter string, or why the workload
/// cannot run on the runtime, or what is wrong with it. Nothing is measured.
/// </summary>
internal static class PlanMode
{
    /// <summary>Reads the JSON array of cells from <paramref name="input"/> and writes the answers.</summary>
    public static void Run(TextReader input, TextWriter protocol)
    {
        List<CellRequest> cells;
        try
        {
            cells = JsonSerializer.Deserialize(input.ReadToEnd(), ProtocolJson.Default.ListCellRequest) ?? [];
        }
        catch (JsonException ex)
        {
            Console.Error.WriteLine($"plan: malformed request: {ex.Message}");
            throw;
        }

        var answers = new List<PlanResult>(cells.Count);
        var cache = new Dictionary<string, PlanResult>(StringComparer.Ordinal);
        foreach (CellRequest cell in cells)
        {
            // The checks depend on the cell's shape and parameters, not on how long it runs.
            string key = JsonSerializer.Serialize(cell with { DurationMs = 1, Warmup = 0, Iterations = 1 }, ProtocolJson.Default.CellRequest);
            if (!cache.TryGetValue(key, out PlanResult? answer))
            {
                answer = Check(cell);
                cache[key] = answer;
            }

            answers.Add(answer);
        }

        protocol.WriteLine(JsonSerializer.Serialize(answers, ProtocolJson.Default.ListPlanResult));
    }

    private static PlanResult Check(CellRequest cell)
    {
        try
        {
            using var runner = new CellRunner(CellSession.Spec(cell));
            return new PlanResult
            {
                Params = runner.CanonicalParameters,
                Unsupported = runner.UnsupportedReason,
            };
        }
        catch (ArgumentException ex)
        {
            return new PlanResult { Error = $"{cell.Workload} on {cell.Runtime} (cores {cell.Cores}, threads {cell.Threads}): {ex.Message}" };
        }
    }
}
