using System.Text.Json.Serialization;
using Lwkt.Harness.Machine;

namespace Lwkt.Harness.Results;

/// <summary>Source-generated JSON for <see cref="RunEnvironment"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunEnvironment))]
[JsonSerializable(typeof(MachineInfo))]
internal sealed partial class RunEnvironmentJson : JsonSerializerContext
{
}
