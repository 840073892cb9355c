using System.Text.Json;
using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Host.Protocol;
using Lwkt.Workloads.Torture;

namespace Lwkt.Workloads.Host;

/// <summary>
/// <c>torture</c> mode (<c>lwkt-bench torture</c>): reads one <see cref="TortureRequest"/> on stdin, runs
/// <see cref="TortureEngine"/> on that runtime and prints its lines on stdout. Exit code 0 for SUCCESS, 1 for FAILURE,
/// 2 for a bad request (one line on stderr).
/// </summary>
internal static class TortureMode
{
    public static int Run(TextReader input, TextWriter output)
    {
        TortureRequest request;
        TortureOptions options;
        WorkloadRuntime runtime;
        try
        {
            request = JsonSerializer.Deserialize(input.ReadToEnd(), ProtocolJson.Default.TortureRequest)
                ?? throw new ArgumentException("empty request");
            options = ToOptions(request);
            runtime = TortureTargets.Create(request.Runtime, options);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or NotSupportedException)
        {
            Console.Error.WriteLine($"torture: {ex.Message}");
            return 2;
        }

        string name = TortureTargets.Canonical(request.Runtime);
        string label = options.Lock == TortureLock.Busted && name != TortureTargets.Busted ? name + "+busted" : name;
        TortureResult result = TortureEngine.Run(runtime, label, options, output);
        if (!result.Hung)
        {
            // A hung runtime's threads never end; the process exit takes them (every worker is a background thread).
            runtime.Dispose();
        }

        return result.Success ? 0 : 1;
    }

    private static TortureOptions ToOptions(TortureRequest r) => new()
    {
        Cores = r.Cores,
        Duration = TimeSpan.FromMilliseconds(r.DurationMs),
        Seed = r.Seed,
        StatInterval = TimeSpan.FromMilliseconds(r.StatIntervalMs),
        Deterministic = r.Deterministic,
        Lock = (r.Lock ?? "normal").ToLowerInvariant() switch
        {
            "normal" => TortureLock.Normal,
            "busted" => TortureLock.Busted,
            _ => throw new ArgumentException($"unknown lock '{r.Lock}' (locks: normal, busted)"),
        },
        Writers = r.Writers,
        Readers = r.Readers,
        Stutter = TimeSpan.FromMilliseconds(r.StutterMs),
        ShuffleInterval = TimeSpan.FromMilliseconds(r.ShuffleIntervalMs),
        LongHold = TimeSpan.FromMilliseconds(r.LongHoldMs),
        WaitBound = TimeSpan.FromMilliseconds(r.WaitBoundMs),
    };
}
