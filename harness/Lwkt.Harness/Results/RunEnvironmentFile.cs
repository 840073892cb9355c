using System.Text.Json;

namespace Lwkt.Harness.Results;

/// <summary>Reads and writes <c>env.json</c> (snake_case, indented, UTF-8).</summary>
public static class RunEnvironmentFile
{
    /// <summary>The file name inside a run folder.</summary>
    public const string FileName = "env.json";

    /// <summary>Writes <paramref name="environment"/> to <paramref name="path"/> atomically (write, then rename).</summary>
    public static void Write(string path, RunEnvironment environment)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(environment, RunEnvironmentJson.Default.RunEnvironment) + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads an <c>env.json</c>; null when the file does not exist.</summary>
    /// <exception cref="ResultsFormatException">The file is not valid JSON of this shape.</exception>
    public static RunEnvironment? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), RunEnvironmentJson.Default.RunEnvironment);
        }
        catch (JsonException ex)
        {
            throw new ResultsFormatException($"{path}: not a valid env.json: {ex.Message}", ex);
        }
    }
}
