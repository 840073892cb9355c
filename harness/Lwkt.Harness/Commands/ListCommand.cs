using System.CommandLine;
using Lwkt.Harness.Running;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Harness.Commands;

/// <summary><c>list</c>: the workloads with their parameters and defaults, the runtimes and the suites.</summary>
public static class ListCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("list", "List the workloads (with parameters and defaults), the runtimes and the suites.");
        command.SetAction(parseResult =>
        {
            CatalogMessage catalog = HostClient.Locate().Catalog();
            Write(parseResult.InvocationConfiguration.Output, catalog);
            return 0;
        });
        return command;
    }

    /// <summary>The width text is wrapped to: the terminal's, or 120 columns for logs and pipes.</summary>
    private static int LineWidth()
    {
        if (Console.IsOutputRedirected)
        {
            return 120;
        }

        try
        {
            return Math.Max(60, Console.WindowWidth);
        }
        catch (IOException)
        {
            return 120;
        }
    }

    /// <summary>Writes <paramref name="lead"/> then <paramref name="text"/> word-wrapped, continuation lines indented.</summary>
    private static void WriteWrapped(TextWriter output, string lead, string text, string indent)
    {
        int width = LineWidth();
        var line = new System.Text.StringBuilder(lead);
        int start = line.Length;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > start && line.Length + 1 + word.Length > width)
            {
                output.WriteLine(line.ToString().TrimEnd());
                line.Clear().Append(indent);
                start = line.Length;
            }

            if (line.Length > start)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        output.WriteLine(line.ToString().TrimEnd());
    }

    /// <summary>Writes the catalogue as plain text (readable in a terminal and in logs, easy to grep).</summary>
    internal static void Write(TextWriter output, CatalogMessage catalog)
    {
        int width = Math.Max(12, catalog.Workloads.Select(w => w.Name.Length).Concat(catalog.Runtimes.Select(r => r.Name.Length)).DefaultIfEmpty(0).Max() + 2);
        string indent = new(' ', width + 2);
        output.WriteLine($"Workloads ({catalog.Workloads.Count}):");
        foreach (CatalogWorkload workload in catalog.Workloads)
        {
            WriteWrapped(output, $"  {workload.Name.PadRight(width)}", workload.Description, indent);
            foreach (CatalogParameter p in workload.Parameters)
            {
                WriteWrapped(output, $"{indent}--param {p.Name}={p.Default}  ", $"[{p.Unit}] {p.Description}", indent + "    ");
            }

            foreach ((string runtime, string reason) in workload.Unsupported)
            {
                output.WriteLine($"{indent}unsupported on {runtime}: {reason}");
            }
        }

        output.WriteLine();
        List<CatalogRuntime> compared = [.. catalog.Runtimes.Where(r => !r.Floor)];
        output.WriteLine($"Runtimes ({compared.Count}):");
        foreach (CatalogRuntime runtime in compared)
        {
            output.WriteLine($"  {runtime.Name.PadRight(width)}{runtime.Description}");
        }

        List<CatalogRuntime> floors = [.. catalog.Runtimes.Where(r => r.Floor)];
        if (floors.Count != 0)
        {
            output.WriteLine();
            output.WriteLine($"Floors ({floors.Count}; run them as runtimes, beside the runtimes they are the floor of):");
            foreach (CatalogRuntime floor in floors)
            {
                output.WriteLine($"  {floor.Name.PadRight(width)}{floor.Description}");
            }
        }

        output.WriteLine();
        output.WriteLine("Suites (run --suite NAME|FILE.json):");
        foreach (SuiteDefinition suite in Suites.BuiltIn.Concat(Suites.CheckedInFiles().Select(Suites.Resolve)))
        {
            output.WriteLine($"  {(suite.Name ?? "").PadRight(width)}{suite.Description}");
        }
    }
}
