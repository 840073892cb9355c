using System.Text.Json;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Workloads.Host;

/// <summary><c>catalog</c> mode: the workload and runtime catalogues as one JSON document.</summary>
internal static class CatalogMode
{
    /// <summary>Builds the catalogue message from <see cref="WorkloadCatalog"/> and <see cref="RuntimeCatalog"/>.</summary>
    public static CatalogMessage Build() => new()
    {
        Workloads = [.. WorkloadCatalog.All.Select(w => new CatalogWorkload
        {
            Name = w.Name,
            Description = w.Description,
            Parameters = [.. w.Parameters.Select(p => new CatalogParameter
            {
                Name = p.Name,
                Default = p.Default,
                Unit = p.Unit,
                Description = p.Description,
            })],
            Unsupported = RuntimeCatalog.Names
                .Select(r => (Runtime: r, Reason: w.UnsupportedReason(r)))
                .Where(x => x.Reason is not null)
                .ToDictionary(x => x.Runtime, x => x.Reason!),
        })],
        Runtimes =
        [
            .. RuntimeCatalog.Names.Select(r => new CatalogRuntime { Name = r, Description = RuntimeCatalog.Describe(r) }),
            .. RuntimeCatalog.Floors.Select(r => new CatalogRuntime { Name = r, Description = RuntimeCatalog.Describe(r), Floor = true }),
        ],
    };

    /// <summary>Writes the catalogue as one JSON line.</summary>
    public static void Write(TextWriter protocol) =>
        protocol.WriteLine(JsonSerializer.Serialize(Build(), ProtocolJson.Default.CatalogMessage));
}
