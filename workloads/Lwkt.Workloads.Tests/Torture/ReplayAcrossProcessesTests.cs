using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Lwkt.Runtime;
using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Torture;

namespace Lwkt.Workloads.Tests.Torture;

/// <summary>
/// Determinism that holds anywhere: a deterministic torture of one seed gives the same digest in this process — while
/// other threads allocate and hash objects, start threads, spin on the CPUs and run a free-running LWKT runtime that
/// sleeps and wakes on idents of its own — and in a second, quiet process (the built host's torture mode). Only the
/// seed may decide the interleaving. The gate replays a short fixed list of seeds; <c>LWKT_STRESS=1</c> replays 200.
/// </summary>
[Collection(TortureCollection.Name)]
public sealed partial class ReplayAcrossProcessesTests
{
    private static readonly bool s_stress = Environment.GetEnvironmentVariable("LWKT_STRESS") == "1";

    /// <summary>Virtual milliseconds per seed: long enough for stutter, shuffles and thousands of switches.</summary>
    private const double VirtualMs = 40;

    [Fact]
    public void Every_seed_gives_the_same_digest_in_a_busy_process_and_in_a_quiet_one()
    {
        int seeds = s_stress ? 200 : 6;
        var mismatches = new List<string>();
        using (var noise = new Noise())
        {
            for (int seed = 1; seed <= seeds; seed++)
            {
                // The child replays while this process runs the same seed: each loads the other's CPU.
                using Process child = StartHost(seed);
                string mine = RunHere(seed);
                string theirs = ReadDigest(child, seed);
                if (mine != theirs)
                {
                    mismatches.Add($"seed {seed}: here {mine}, child {theirs}");
                }
            }

            Assert.True(noise.Rounds > 0, "the noise threads never ran");
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {seeds} seeds replayed differently:\n" + string.Join("\n", mismatches));
    }

    private static TortureOptions Options(int seed) => DeterministicTorture.Options(seed, VirtualMs, TimeSpan.FromSeconds(30));

    private static string RunHere(int seed)
    {
        TortureOptions options = Options(seed);
        WorkloadRuntime runtime = TortureTargets.Create("lwkt", options);
        var output = new StringWriter();
        TortureResult result = TortureEngine.Run(runtime, "lwkt", options, output);
        Assert.True(result.Success, output.ToString());
        runtime.Dispose();
        return result.Digest!;
    }

    private static Process StartHost(int seed)
    {
        TortureOptions o = Options(seed);
        string request = string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"runtime":"lwkt","cores":{{o.Cores}},"duration_ms":{{o.Duration.TotalMilliseconds}},"seed":{{seed}},"stat_interval_ms":{{o.StatInterval.TotalMilliseconds}},"deterministic":true,"stutter_ms":{{o.Stutter.TotalMilliseconds}},"shuffle_interval_ms":{{o.ShuffleInterval.TotalMilliseconds}},"long_hold_ms":{{o.LongHold.TotalMilliseconds}},"wait_bound_ms":{{o.WaitBound.TotalMilliseconds}}}""");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Lwkt.Workloads.Host.dll"));
        info.ArgumentList.Add("torture");
        Process child = Process.Start(info)!;
        child.StandardInput.Write(request);
        child.StandardInput.Close();
        return child;
    }

    private static string ReadDigest(Process child, int seed)
    {
        Task<string> stdout = child.StandardOutput.ReadToEndAsync();
        Task<string> stderr = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail($"seed {seed}: the host's torture did not end within 2 minutes");
        }

        string output = stdout.Result;
        Assert.True(child.ExitCode == 0, $"seed {seed}: host exit {child.ExitCode}\n{output}\n{stderr.Result}");
        Match digest = DigestLine().Match(output);
        Assert.True(digest.Success, $"seed {seed}: no digest line\n{output}");
        return digest.Groups[1].Value;
    }

    [GeneratedRegex(@"^digest: ([0-9a-f]{16})\s*$", RegexOptions.Multiline)]
    private static partial Regex DigestLine();

    /// <summary>
    /// Everything a process does besides the replay: threads that allocate and hash objects (identity hashes come from
    /// per-thread generators seeded by thread creation order), threads started and ended, spinning, and a free-running
    /// LWKT runtime whose threads sleep and wake on idents of their own (wakeups from outside reach every live runtime).
    /// </summary>
    private sealed class Noise : IDisposable
    {
        private readonly List<Thread> _threads = [];
        private readonly LwktRuntime _free = new(new LwktRuntimeOptions { Cpus = 2 });
        private readonly LwktThread[] _sleepers;
        private int _stop;
        private long _rounds;

        public Noise()
        {
            for (int i = 0; i < 2; i++)
            {
                var t = new Thread(Churn) { IsBackground = true, Name = "noise" + i.ToString(CultureInfo.InvariantCulture) };
                _threads.Add(t);
                t.Start();
            }

            _sleepers = [.. Enumerable.Range(0, 8).Select(i => _free.Spawn(() => SleepWakeAsync(i)))];
        }

        public long Rounds => Interlocked.Read(ref _rounds);

        private bool Stopping => Volatile.Read(ref _stop) != 0;

        private void Churn()
        {
            var keep = new object[4096];
            var random = new Random(Environment.CurrentManagedThreadId);
            while (!Stopping)
            {
                for (int i = 0; i < keep.Length; i++)
                {
                    keep[i] = new object();
                    _ = RuntimeHelpers.GetHashCode(keep[i]);
                    SleepQueue.Wakeup(keep[random.Next(i + 1)]);
                }

                var shortLived = new Thread(static () => _ = new object().GetHashCode()) { IsBackground = true };
                shortLived.Start();
                shortLived.Join();
                Interlocked.Increment(ref _rounds);
            }
        }

        private async ValueTask SleepWakeAsync(int index)
        {
            var idents = Enumerable.Range(0, 64).Select(_ => new object()).ToArray();
            int n = 0;
            while (!Stopping)
            {
                object ident = idents[(index + n++) % idents.Length];
                SleepQueue.Wakeup(idents[(index * 7 + n) % idents.Length]);
                await SleepQueue.SleepAsync(ident, TimeSpan.FromMilliseconds(1));
            }
        }

        public void Dispose()
        {
            Volatile.Write(ref _stop, 1);
            TimeSpan bound = TimeSpan.FromMinutes(1);
            foreach (Thread t in _threads)
            {
                Assert.True(t.Join(bound), $"noise thread {t.Name} did not stop");
            }

            foreach (LwktThread td in _sleepers)
            {
                Assert.True(td.Join(bound), $"noise sleeper {td.Number} did not stop");
            }

            Assert.True(_free.Dispose(bound), "the free-running runtime did not shut down");
        }
    }
}
