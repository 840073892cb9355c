using System.Diagnostics;
using System.Text.Json;
using Lwkt.Harness.Cli;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Harness.Running;

/// <summary>
/// Asks the host program the questions that need the workload catalogue: <c>catalog</c> (names, parameters,
/// unsupported pairs) and <c>plan</c> (canonical parameters and validation of a list of cells). Each question is
/// one short-lived child process, unrestricted (no affinity: nothing is measured).
/// </summary>
public sealed class HostClient
{
    private static readonly TimeSpan s_queryTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Creates a client for the host at <paramref name="hostDll"/>.</summary>
    public HostClient(string hostDll)
    {
        HostDll = hostDll;
    }

    /// <summary>The host program.</summary>
    public string HostDll { get; }

    /// <summary>Creates a client for the host that <see cref="HostLocator"/> finds.</summary>
    public static HostClient Locate() => new(HostLocator.FindHostDll());

    /// <summary>Reads the catalogue.</summary>
    internal CatalogMessage Catalog()
    {
        string json = Query(HostProtocol.CatalogMode, input: null);
        return Deserialize(json, ProtocolJson.Default.CatalogMessage, "catalog");
    }

    /// <summary>Asks for the canonical parameters of <paramref name="cells"/>, or why each cannot run; same order.</summary>
    internal IReadOnlyList<PlanResult> Plan(IReadOnlyList<CellRequest> cells)
    {
        if (cells.Count == 0)
        {
            return [];
        }

        string request = JsonSerializer.Serialize(cells.ToList(), ProtocolJson.Default.ListCellRequest);
        List<PlanResult> results = Deserialize(Query(HostProtocol.PlanMode, request), ProtocolJson.Default.ListPlanResult, "plan");
        return results.Count == cells.Count
            ? results
            : throw new InvalidOperationException($"host plan answered {results.Count} cells for {cells.Count} asked");
    }

    private static T Deserialize<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string mode)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new InvalidOperationException($"host {mode} printed null");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"host {mode} printed malformed JSON: {ex.Message}", ex);
        }
    }

    private string Query(string mode, string? input)
    {
        var start = new ProcessStartInfo(HostLocator.DotnetExecutable())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll);
        start.ArgumentList.Add(mode);
        start.Environment.Remove(HostProtocol.TestFaultVariable);

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the host");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(s_queryTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"host {mode} did not answer within {s_queryTimeout.TotalSeconds:0} s");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string error = stderr.Result.Trim();
            throw new UsageException($"host {mode} failed (exit code {process.ExitCode}): {FirstLine(error)}");
        }

        return stdout.Result;
    }

    private static string FirstLine(string text)
    {
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline].TrimEnd();
    }
}
