using System.Text.Json.Serialization;

namespace Lwkt.Workloads.Host.Protocol;

/// <summary>Source-generated JSON for every protocol message: snake_case names, one line per message.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    WriteIndented = false)]
[JsonSerializable(typeof(CellRequest))]
[JsonSerializable(typeof(List<CellRequest>))]
[JsonSerializable(typeof(ReadyMessage))]
[JsonSerializable(typeof(IterationMessage))]
[JsonSerializable(typeof(ErrorMessage))]
[JsonSerializable(typeof(CatalogMessage))]
[JsonSerializable(typeof(List<PlanResult>))]
[JsonSerializable(typeof(TortureRequest))]
internal sealed partial class ProtocolJson : JsonSerializerContext
{
}
