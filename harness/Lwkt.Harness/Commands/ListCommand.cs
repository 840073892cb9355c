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

    /// <summary>Writes the catalogue as plain text (readable in a terminal and in logs, easy to grep).</summary>
    internal static void Write(TextWriter output, CatalogMessage catalog)
    {
        int width = Math.Max(12, catalog.Workloads.Select(w => w.Name.Length).Concat(catalog.Runtimes.Select(r => r.Name.Length)).DefaultIfEmpty(0).Max() + 2);
        string indent = new(' ', width + 2);
        output.WriteLine($"Workloads ({catalog.Workloads.Count}):");
        foreach (CatalogWorkload workload in catalog.Workloads)
        {
            output.WriteLine($"  {workload.Name.PadRight(width)}{workload.Description}");
            foreach (CatalogParameter p in workload.Parameters)
            {
                output.WriteLine($"{indent}--param {p.Name}={p.Default}  [{p.Unit}] {p.Description}");
            }

            foreach ((string runtime, string reason) in workload.Unsupported)
            {
                output.WriteLine($"{indent}unsupported on {runtime}: {reason}");
            }
        }

        output.WriteLine();
        output.WriteLine($"Runtimes ({catalog.Runtimes.Count}):");
        foreach (CatalogRuntime runtime in catalog.Runtimes)
        {
            output.WriteLine($"  {runtime.Name.PadRight(width)}{runtime.Description}");
        }

        output.WriteLine();
        output.WriteLine("Suites (run --suite NAME|FILE.json):");
        foreach (SuiteDefinition suite in Suites.BuiltIn)
        {
            output.WriteLine($"  {(suite.Name ?? "").PadRight(width)}{suite.Description}");
        }
    }
}
