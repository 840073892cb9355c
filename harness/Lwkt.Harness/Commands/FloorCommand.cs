using System.CommandLine;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Floor;
using Lwkt.Harness.Machine;

namespace Lwkt.Harness.Commands;

/// <summary>
/// <c>floor</c>: measures the machine's cross-CPU round-trip floor (<see cref="CacheLineProbe"/>) on the two CPUs a
/// <c>cores=2</c> cell runs on, and prints its median and spread (docs/targets.md). <c>run --floor</c> measures the
/// same before and after its cells, in the same session. Exit code 0, or 2 with fewer than two CPUs allowed.
/// </summary>
public static class FloorCommand
{
    private static readonly Option<int?> s_batches = TypedOption.Integer("--batches", $"timed batches (default {FloorProbe.DefaultBatches})", 1, 1_000_000);
    private static readonly Option<int?> s_roundTrips = TypedOption.Integer("--round-trips", $"round trips per batch (default {FloorProbe.DefaultRoundTrips})", 1, 100_000_000);
    private static readonly Option<bool> s_csv = new("--csv") { Description = "print CSV (a header and one row) instead of one line" };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("floor", "Measure the cross-CPU round-trip floor: two pinned OS threads handing one cache line back and forth by spinning.");
        command.Options.Add(s_batches);
        command.Options.Add(s_roundTrips);
        command.Options.Add(s_csv);
        command.SetAction(parseResult =>
        {
            (int, int) cpus = FloorProbe.Cpus(CpuTopology.Current())
                ?? throw new UsageException("the floor probe needs two CPUs; this process may use one");
            FloorResult result = FloorProbe.Measure(
                cpus,
                parseResult.GetValue(s_batches) ?? FloorProbe.DefaultBatches,
                parseResult.GetValue(s_roundTrips) ?? FloorProbe.DefaultRoundTrips);
            TextWriter output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(s_csv))
            {
                output.WriteLine(FloorResult.CsvHeader);
                output.WriteLine(result.CsvRow("now"));
            }
            else
            {
                output.WriteLine(result.Describe());
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
