using System.Globalization;
using Microsoft.Diagnostics.Tracing;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// What a <c>.nettrace</c> holds, in the terms of this suite (<c>trace summary</c>): counts and durations per
/// event kind, contention per lock or token (CLR, baselines, LWKT tokens), GC collections and runtime pauses, and per
/// virtual CPU the LWKT switches, IPIs, token collisions and migrations.
/// </summary>
public sealed class TraceSummary
{
    private const string ClrProvider = TraceProviders.ClrProvider;

    /// <summary>Open start events by (provider, task, OS thread), for pairs whose stop carries no duration.</summary>
    private readonly Dictionary<(string Provider, string Task, int Thread), double> _openStarts = [];

    /// <summary>The lock each OS thread waits for since its CLR contention start.</summary>
    private readonly Dictionary<int, string> _clrWaits = [];

    /// <summary>Runtime suspensions begun, by OS thread: when, and why.</summary>
    private readonly Dictionary<int, (double StartMs, string Reason)> _suspensions = [];

    private TraceSummary(string path) => Path = path;

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Events read (rundown included).</summary>
    public long EventCount { get; private set; }

    /// <summary>Events the session dropped because its buffer overflowed.</summary>
    public int EventsLost { get; private set; }

    /// <summary>Time from the session's start to its last event, ms.</summary>
    public double DurationMs { get; private set; }

    /// <summary>Counts (and, for stop events, durations) per <c>provider/event</c>.</summary>
    public SortedDictionary<string, DurationStats> EventKinds { get; } = new(StringComparer.Ordinal);

    /// <summary>Contention per lock: key <c>(source, lock)</c> with source <c>clr</c>, <c>token</c> or a baseline lock kind.</summary>
    public SortedDictionary<(string Source, string Lock), DurationStats> Contention { get; } = [];

    /// <summary>GC collections by generation (index 0..2; larger depths are counted as 2).</summary>
    public long[] GcCollections { get; } = new long[3];

    /// <summary>
    /// Runtime suspensions by reason (<c>SuspendForGC</c>, <c>SuspendOther</c> for tiering and the like, the sample
    /// profiler's own), each with its pause from suspend start to restart end.
    /// </summary>
    public SortedDictionary<string, DurationStats> Pauses { get; } = new(StringComparer.Ordinal);

    /// <summary>LWKT statistics per virtual CPU.</summary>
    public SortedDictionary<int, CpuStats> Cpus { get; } = [];

    /// <summary>LWKT threads created and exited.</summary>
    public (long Created, long Exited) LwktThreads { get; private set; }

    /// <summary>Sample profiler stacks.</summary>
    public long Samples { get; private set; }

    /// <summary>The sampled stacks by thread kind and frame; null when the trace has no samples.</summary>
    public HotFrames? Frames { get; private set; }

    /// <summary>The results row(s) the trace belongs to: the cell, and the operations to count per.</summary>
    public TraceCell Cell { get; private set; } = null!;

    /// <summary>
    /// Reads <paramref name="path"/>: the events in one pass, then (when it holds samples) the stacks through
    /// TraceLog, and the cell from the results next to it.
    /// </summary>
    /// <exception cref="Cli.UsageException">Missing or unreadable.</exception>
    public static TraceSummary Read(string path)
    {
        TraceSummary summary = ReadEvents(path);
        if (summary.Samples > 0)
        {
            using TraceLogFile log = TraceLogFile.Open(path);
            summary.Frames = HotFrames.Read(log.Log);
        }

        summary.Cell = TraceCell.Find(path);
        return summary;
    }

    private static TraceSummary ReadEvents(string path)
    {
        var summary = new TraceSummary(path);
        summary.EventsLost = TraceReader.Read(path, source =>
        {
            // Touch the parsers so their events arrive named (CLR) and with payload names (EventSources).
            source.Clr.All += _ => { };
            source.Dynamic.All += _ => { };
            source.AllEvents += summary.OnEvent;
        });
        return summary;
    }

    private void OnEvent(TraceEvent e)
    {
        EventCount++;
        DurationMs = Math.Max(DurationMs, e.TimeStampRelativeMSec);
        string provider = e.ProviderName;
        string name = e.EventName;
        if (provider == TraceProviders.SampleProfilerProvider)
        {
            Samples++;
            Kind(provider + "/Thread/Sample").Add();
            return;
        }

        // Rundown (method and module names, written at the stop) is one line: its events are bookkeeping.
        DurationStats kind = Kind(provider.EndsWith("Rundown", StringComparison.Ordinal) ? provider + "/*" : provider + "/" + name);
        if (e.Opcode == TraceEventOpcode.Stop)
        {
            kind.Add(StopDuration(e, provider, name));
        }
        else
        {
            kind.Add();
            if (e.Opcode == TraceEventOpcode.Start)
            {
                _openStarts[(provider, Task(name), e.ThreadID)] = e.TimeStampRelativeMSec;
            }
        }

        switch (provider)
        {
            case TraceProviders.LwktProvider:
                OnLwkt(e, name);
                break;
            case TraceProviders.BaselinesProvider:
                OnBaseline(e, name);
                break;
            case ClrProvider:
                OnClr(e, name);
                break;
            default:
                break;
        }
    }

    private double StopDuration(TraceEvent e, string provider, string name)
    {
        double ns = TraceNames.Double(e, TraceNames.DurationNs);
        if (double.IsNaN(ns))
        {
            ns = TraceNames.Double(e, "DurationNs");
        }

        if (_openStarts.Remove((provider, Task(name), e.ThreadID), out double startMs) && double.IsNaN(ns))
        {
            ns = (e.TimeStampRelativeMSec - startMs) * 1e6;
        }

        return ns;
    }

    private void OnLwkt(TraceEvent e, string name)
    {
        switch (name)
        {
            case TraceNames.Switch:
                CpuStats cpu = Cpu(TraceNames.Long(e, "cpu"));
                if (TraceNames.Long(e, "toThreadId") == 0)
                {
                    cpu.IdleEntries++;
                }
                else
                {
                    cpu.Switches++;
                }

                break;
            case TraceNames.IpiSend when TraceNames.Long(e, "sourceCpu") is >= 0 and long source:
                Cpu(source).IpisSent++;
                break;
            case TraceNames.IpiProcess:
                Cpu(TraceNames.Long(e, "cpu")).IpisProcessed += Math.Max(0, TraceNames.Long(e, "count", 0));
                break;
            case TraceNames.TokenContentionStart:
                Cpu(TraceNames.Long(e, "cpu")).TokenCollisions++;
                ContentionOf("token", TokenLabel(e)).Add();
                break;
            case TraceNames.TokenContentionStop:
                ContentionOf("token", TokenLabel(e)).AddDuration(TraceNames.Double(e, TraceNames.DurationNs));
                break;
            case TraceNames.Migration:
                Cpu(TraceNames.Long(e, "fromCpu")).MigrationsOut++;
                Cpu(TraceNames.Long(e, "toCpu")).MigrationsIn++;
                break;
            case TraceNames.WorkRequest:
                Cpu(TraceNames.Long(e, "cpu")).WorkRequests++;
                break;
            case TraceNames.ThreadCreate:
                LwktThreads = (LwktThreads.Created + 1, LwktThreads.Exited);
                break;
            case TraceNames.ThreadExit:
                LwktThreads = (LwktThreads.Created, LwktThreads.Exited + 1);
                break;
            default:
                break;
        }
    }

    private void OnBaseline(TraceEvent e, string name)
    {
        string label = string.Create(CultureInfo.InvariantCulture, $"#{TraceNames.Long(e, "lockId")}");
        string kind = TraceNames.Text(e, "lockKind");
        if (name == TraceNames.ContentionStart)
        {
            ContentionOf(kind, label).Add();
        }
        else if (name == TraceNames.ContentionStop)
        {
            ContentionOf(kind, label).AddDuration(TraceNames.Double(e, TraceNames.DurationNs));
        }
    }

    private void OnClr(TraceEvent e, string name)
    {
        switch (name)
        {
            case TraceNames.ContentionStart:
                string label = string.Create(CultureInfo.InvariantCulture, $"lock 0x{TraceNames.Long(e, "LockID", 0):x}");
                _clrWaits[e.ThreadID] = label;
                ContentionOf("clr", label).Add();
                break;
            case TraceNames.ContentionStop when _clrWaits.Remove(e.ThreadID, out string? waited):
                ContentionOf("clr", waited).AddDuration(TraceNames.Double(e, "DurationNs"));
                break;
            case TraceNames.GcStart:
                GcCollections[Math.Clamp((int)TraceNames.Long(e, "Depth", 0), 0, 2)]++;
                break;
            case TraceNames.SuspendEeStart:
                _suspensions[e.ThreadID] = (e.TimeStampRelativeMSec, e.PayloadByName("Reason")?.ToString() ?? "unknown");
                break;
            case TraceNames.RestartEeStop when _suspensions.Remove(e.ThreadID, out (double StartMs, string Reason) suspension):
                if (!Pauses.TryGetValue(suspension.Reason, out DurationStats? pauses))
                {
                    pauses = new DurationStats();
                    Pauses[suspension.Reason] = pauses;
                }

                pauses.Add((e.TimeStampRelativeMSec - suspension.StartMs) * 1e6);
                break;
            default:
                break;
        }
    }

    private static string TokenLabel(TraceEvent e) =>
        string.Create(CultureInfo.InvariantCulture, $"{TraceNames.Text(e, "tokenName")}#{TraceNames.Long(e, "tokenId")}");

    private static string Task(string eventName)
    {
        int slash = eventName.LastIndexOf('/');
        return slash < 0 ? eventName : eventName[..slash];
    }

    private DurationStats Kind(string key)
    {
        if (!EventKinds.TryGetValue(key, out DurationStats? stats))
        {
            stats = new DurationStats();
            EventKinds[key] = stats;
        }

        return stats;
    }

    private DurationStats ContentionOf(string source, string label)
    {
        if (!Contention.TryGetValue((source, label), out DurationStats? stats))
        {
            stats = new DurationStats();
            Contention[(source, label)] = stats;
        }

        return stats;
    }

    private CpuStats Cpu(long id)
    {
        int key = (int)Math.Clamp(id, -1, int.MaxValue);
        if (!Cpus.TryGetValue(key, out CpuStats? stats))
        {
            stats = new CpuStats();
            Cpus[key] = stats;
        }

        return stats;
    }
}
