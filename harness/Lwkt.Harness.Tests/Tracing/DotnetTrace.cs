using System.Diagnostics;

namespace Lwkt.Harness.Tests.Tracing;

/// <summary>Finds and runs the official <c>dotnet-trace</c> tool, when the machine has it.</summary>
internal static class DotnetTrace
{
    public static string? Find()
    {
        string? explicitPath = Environment.GetEnvironmentVariable("LWKT_DOTNET_TRACE");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        IEnumerable<string> candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "dotnet-trace"))
            .Prepend(Path.Combine(home, ".dotnet", "tools", "dotnet-trace"))
            .Append("/tmp/dt/dotnet-trace");
        return explicitPath is { Length: > 0 } ? explicitPath : candidates.FirstOrDefault(File.Exists);
    }

    public static (int ExitCode, string Output) Convert(string tool, string trace, string output)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "convert", trace, "--format", "Speedscope", "-o", output })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "dotnet-trace convert did not finish within 60 s");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
