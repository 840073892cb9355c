using System.Diagnostics;
using System.Text.Json;
using Lwkt.Harness.Machine;
using Lwkt.Harness.Running;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Harness.Torture;

/// <summary>
/// Runs the torture of one runtime in its own child (the host's <c>torture</c> mode), pinned to the settings' CPUs,
/// streaming its lines as they come. A child that outlives <see cref="TortureSettings.EffectiveTimeout"/> is killed and
/// counted as a failure: a wedged runtime cannot wedge the harness.
/// </summary>
internal sealed class TortureRunner(string hostDll, TortureSettings settings, CpuTopology topology)
{
    /// <summary>The line a deterministic child ends with.</summary>
    public const string DigestPrefix = "digest: ";

    /// <summary>Tortures <paramref name="runtime"/>; its stdout goes to <paramref name="output"/>, its stderr to <paramref name="error"/>.</summary>
    /// <exception cref="OperationCanceledException">Interrupted; the child was killed.</exception>
    public async Task<TortureVerdict> RunAsync(string runtime, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        ProcessStartInfo start = HostLocator.HostStartInfo(hostDll, HostProtocol.TortureMode, settings.Options.Cores);
        start.Environment.Remove(HostProtocol.TestFaultVariable);

        using Process child = ChildLauncher.Start(start, topology.CpusFor(settings.Options.Cores));
        string? firstFailure = null;
        int failures = 0;
        string? firstError = null;
        string? digest = null;
        Task stdout = PumpAsync(child.StandardOutput, output, line =>
        {
            if (line.StartsWith(DigestPrefix, StringComparison.Ordinal))
            {
                digest = line[DigestPrefix.Length..];
            }

            int at = line.IndexOf(" FAIL: ", StringComparison.Ordinal);
            if (at >= 0)
            {
                failures++;
                firstFailure ??= line[(at + " FAIL: ".Length)..];
            }
        });
        Task stderr = PumpAsync(child.StandardError, error, line => firstError ??= line);
        await child.StandardInput.WriteAsync(JsonSerializer.Serialize(settings.RequestFor(runtime), ProtocolJson.Default.TortureRequest)).ConfigureAwait(false);
        child.StandardInput.Close();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(settings.EffectiveTimeout);
        try
        {
            await child.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested();
            string killed = $"killed after {settings.EffectiveTimeout.TotalSeconds:0} s without an end (hung child; raise --timeout if it was only slow)";
            output.WriteLine($"{runtime} End of test: FAILURE ({killed})");
            return new TortureVerdict(runtime, -1, killed, null);
        }

        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        return child.ExitCode switch
        {
            0 => new TortureVerdict(runtime, 0, null, digest),
            1 => new TortureVerdict(runtime, 1, firstFailure is null ? "FAILURE" : $"{failures}{(failures >= 20 ? "+" : "")} failure(s), first: {firstFailure}", digest),
            2 => new TortureVerdict(runtime, 2, firstError ?? "the host refused the request", null),
            int code => new TortureVerdict(runtime, code, $"the child crashed (exit code {code}){(firstError is null ? "" : ": " + firstError)}", null),
        };
    }

    private static async Task PumpAsync(StreamReader from, TextWriter to, Action<string> seen)
    {
        while (await from.ReadLineAsync().ConfigureAwait(false) is string line)
        {
            seen(line);
            lock (to)
            {
                to.WriteLine(line);
            }
        }
    }
}
