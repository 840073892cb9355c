using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lwkt.Harness.Running;

/// <summary>Suite files: snake_case JSON, unknown fields refused (a typo must not silently run the wrong suite).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true)]
[JsonSerializable(typeof(SuiteDefinition))]
internal sealed partial class SuiteJson : JsonSerializerContext
{
}
