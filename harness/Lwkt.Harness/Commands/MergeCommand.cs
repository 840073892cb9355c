using System.CommandLine;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Merging;

namespace Lwkt.Harness.Commands;

/// <summary><c>merge DIR... --out DIR</c>: joins shard outputs (or any disjoint result sets) into one run folder.</summary>
public static class MergeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "run folders (or results.csv files) to join", Arity = ArgumentArity.OneOrMore };
        var outOption = new Option<string>("--out") { Description = "the merged run folder", HelpName = "DIR", Required = true };
        var command = new Command("merge", "Join the outputs of run --shard I/N (or other disjoint runs) into one result set.");
        command.Arguments.Add(inputs);
        command.Options.Add(outOption);
        command.SetAction(parseResult =>
        {
            string[] folders = parseResult.GetValue(inputs) ?? [];
            string outFolder = parseResult.GetValue(outOption)!;
            ResultMerger.MergeResult result = ResultMerger.Merge(folders, outFolder, [.. parseResult.Tokens.Select(t => t.Value)]);
            TextWriter output = parseResult.InvocationConfiguration.Output;
            foreach (string warning in result.Warnings)
            {
                output.WriteLine(warning);
            }

            output.WriteLine($"merged {folders.Length} inputs: {result.Cells} cells, {result.Rows} rows → {outFolder}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
