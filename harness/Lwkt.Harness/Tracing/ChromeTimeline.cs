using System.Globalization;
using System.Text.Json;
using Microsoft.Diagnostics.Tracing;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// Converts a <c>.nettrace</c> into the Chrome/Perfetto trace-event JSON format (<c>trace convert --format chrome</c>;
/// open it in ui.perfetto.dev or chrome://tracing). Layout:
/// <list type="bullet">
/// <item>process 1, <c>LWKT virtual CPUs</c>: one lane (tid) per virtual CPU; a slice per stretch in which one LWKT thread
/// ran (from one <c>Switch</c> to the next; none while idle), and instant marks for IPIs sent and run, migrations, work
/// requests, thread creation and exit.</item>
/// <item>process 2, <c>LWKT token waits</c>: one lane per waiting LWKT thread, a slice per token wait.</item>
/// <item>process 3, <c>OS threads</c>: one lane per OS thread, slices for CLR and baseline lock contention and for runtime
/// suspensions (GC pauses).</item>
/// </list>
/// Times are microseconds from the session's start.
/// </summary>
public sealed class ChromeTimeline
{
    /// <summary>The process id of the CPU lanes.</summary>
    public const int CpuProcess = 1;

    /// <summary>The process id of the token-wait lanes.</summary>
    public const int TokenWaitProcess = 2;

    /// <summary>The process id of the OS-thread lanes.</summary>
    public const int OsThreadProcess = 3;

    private readonly Utf8JsonWriter _json;
    private readonly Dictionary<int, (long Thread, double StartUs)> _running = [];
    private readonly HashSet<int> _cpus = [];
    private readonly HashSet<long> _waitLanes = [];
    private readonly HashSet<int> _osLanes = [];
    private readonly Dictionary<int, (double StartUs, string Name)> _clrWaits = [];
    private readonly Dictionary<int, double> _suspensions = [];
    private double _lastUs;

    private ChromeTimeline(Utf8JsonWriter json) => _json = json;

    /// <summary>Converts <paramref name="tracePath"/> into <paramref name="outputPath"/>; returns the number of slices and marks.</summary>
    /// <exception cref="Cli.UsageException">The trace is missing or unreadable (no output is left behind).</exception>
    public static long Convert(string tracePath, string outputPath)
    {
        TraceReader.CheckExists(tracePath);
        long written = 0;
        try
        {
            using (FileStream file = File.Create(outputPath))
            using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = false, SkipValidation = false }))
            {
                var timeline = new ChromeTimeline(json);
                json.WriteStartObject();
                json.WriteString("displayTimeUnit", "ns");
                json.WriteStartArray("traceEvents");
                int lost = TraceReader.Read(tracePath, source =>
                {
                    source.Clr.All += _ => { };
                    source.Dynamic.All += _ => { };
                    source.AllEvents += timeline.OnEvent;
                });
                timeline.Finish();
                json.WriteEndArray();
                json.WriteStartObject("otherData");
                json.WriteString("source", Path.GetFileName(tracePath));
                json.WriteNumber("eventsLost", lost);
                json.WriteEndObject();
                json.WriteEndObject();
                written = timeline.Written;
            }

            return written;
        }
        catch
        {
            File.Delete(outputPath);
            throw;
        }
    }

    /// <summary>Slices and marks written so far.</summary>
    private long Written { get; set; }

    private void OnEvent(TraceEvent e)
    {
        double us = e.TimeStampRelativeMSec * 1000;
        _lastUs = Math.Max(_lastUs, us);
        switch (e.ProviderName)
        {
            case TraceProviders.LwktProvider:
                OnLwkt(e, us);
                break;
            case TraceProviders.BaselinesProvider when e.EventName == TraceNames.ContentionStop:
                double ns = TraceNames.Double(e, TraceNames.DurationNs);
                OsSlice(e.ThreadID, string.Create(CultureInfo.InvariantCulture, $"{TraceNames.Text(e, "lockKind")} #{TraceNames.Long(e, "lockId")}"), us - (ns / 1000), ns / 1000, "contention");
                break;
            case TraceProviders.ClrProvider:
                OnClr(e, us);
                break;
            default:
                break;
        }
    }

    private void OnLwkt(TraceEvent e, double us)
    {
        switch (e.EventName)
        {
            case TraceNames.Switch:
                int cpu = (int)TraceNames.Long(e, "cpu");
                long to = TraceNames.Long(e, "toThreadId");
                CloseSlice(cpu, us);
                if (to != 0)
                {
                    _running[cpu] = (to, us);
                }

                break;
            case TraceNames.TokenContentionStop:
                long thread = TraceNames.Long(e, "threadId");
                double durationUs = TraceNames.Double(e, TraceNames.DurationNs) / 1000;
                WaitLane(thread);
                Slice(TokenWaitProcess, thread, $"wait {TraceNames.Text(e, "tokenName")}#{TraceNames.Long(e, "tokenId")}", us - durationUs, durationUs, "token");
                break;
            case TraceNames.TokenContentionStart:
                Mark((int)TraceNames.Long(e, "cpu"), us, $"token {TraceNames.Text(e, "tokenName")}#{TraceNames.Long(e, "tokenId")} busy: thread {TraceNames.Long(e, "threadId")} waits", "token");
                break;
            case TraceNames.IpiSend:
                long source = TraceNames.Long(e, "sourceCpu");
                long target = TraceNames.Long(e, "targetCpu");
                Mark(source >= 0 ? (int)source : (int)target, us, source >= 0 ? $"IPI → cpu{target}" : $"request from outside → cpu{target}", "ipi");
                break;
            case TraceNames.IpiProcess:
                long from = TraceNames.Long(e, "sourceCpu");
                Mark((int)TraceNames.Long(e, "cpu"), us, $"ran {TraceNames.Long(e, "count")} IPIs from {(from >= 0 ? "cpu" + from.ToString(CultureInfo.InvariantCulture) : "outside")}", "ipi");
                break;
            case TraceNames.Migration:
                Mark((int)TraceNames.Long(e, "fromCpu"), us, $"thread {TraceNames.Long(e, "threadId")} → cpu{TraceNames.Long(e, "toCpu")}", "migration");
                break;
            case TraceNames.WorkRequest:
                Mark((int)TraceNames.Long(e, "cpu"), us, $"asks cpu{TraceNames.Long(e, "targetCpu")} for work", "migration");
                break;
            case TraceNames.ThreadCreate:
                Mark((int)TraceNames.Long(e, "cpu"), us, $"thread {TraceNames.Long(e, "threadId")} created", "thread");
                break;
            case TraceNames.ThreadExit:
                Mark((int)TraceNames.Long(e, "cpu"), us, $"thread {TraceNames.Long(e, "threadId")} exits", "thread");
                break;
            default:
                break;
        }
    }

    private void OnClr(TraceEvent e, double us)
    {
        switch (e.EventName)
        {
            case TraceNames.ContentionStart:
                _clrWaits[e.ThreadID] = (us, string.Create(CultureInfo.InvariantCulture, $"lock 0x{TraceNames.Long(e, "LockID", 0):x}"));
                break;
            case TraceNames.ContentionStop when _clrWaits.Remove(e.ThreadID, out (double StartUs, string Name) wait):
                OsSlice(e.ThreadID, wait.Name, wait.StartUs, us - wait.StartUs, "contention");
                break;
            case TraceNames.SuspendEeStart:
                _suspensions[e.ThreadID] = us;
                break;
            case TraceNames.RestartEeStop when _suspensions.Remove(e.ThreadID, out double startUs):
                OsSlice(e.ThreadID, "runtime suspended", startUs, us - startUs, "gc");
                break;
            default:
                break;
        }
    }

    private void Finish()
    {
        foreach (int cpu in _running.Keys.ToList())
        {
            CloseSlice(cpu, _lastUs);
        }

        Metadata("process_name", CpuProcess, null, "LWKT virtual CPUs");
        foreach (int cpu in _cpus.Order())
        {
            Metadata("thread_name", CpuProcess, cpu, cpu < 0 ? "outside the runtime" : "cpu " + cpu.ToString(CultureInfo.InvariantCulture));
            SortIndex(CpuProcess, cpu);
        }

        if (_waitLanes.Count > 0)
        {
            Metadata("process_name", TokenWaitProcess, null, "LWKT token waits");
            foreach (long thread in _waitLanes)
            {
                Metadata("thread_name", TokenWaitProcess, thread, "lwkt thread " + thread.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (_osLanes.Count > 0)
        {
            Metadata("process_name", OsThreadProcess, null, "OS threads (lock contention, runtime suspensions)");
            foreach (int thread in _osLanes)
            {
                Metadata("thread_name", OsThreadProcess, thread, "os thread " + thread.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private void CloseSlice(int cpu, double us)
    {
        _cpus.Add(cpu);
        if (_running.Remove(cpu, out (long Thread, double StartUs) run))
        {
            Slice(CpuProcess, cpu, "lwkt thread " + run.Thread.ToString(CultureInfo.InvariantCulture), run.StartUs, us - run.StartUs, "run");
        }
    }

    private void WaitLane(long thread) => _waitLanes.Add(thread);

    private void OsSlice(int osThread, string name, double startUs, double durationUs, string category)
    {
        _osLanes.Add(osThread);
        Slice(OsThreadProcess, osThread, name, startUs, durationUs, category);
    }

    private void Slice(int pid, long tid, string name, double startUs, double durationUs, string category)
    {
        _json.WriteStartObject();
        _json.WriteString("name", name);
        _json.WriteString("cat", category);
        _json.WriteString("ph", "X");
        _json.WriteNumber("ts", Math.Max(0, startUs));
        _json.WriteNumber("dur", double.IsFinite(durationUs) ? Math.Max(0, durationUs) : 0);
        _json.WriteNumber("pid", pid);
        _json.WriteNumber("tid", tid);
        _json.WriteEndObject();
        Written++;
    }

    private void Mark(int cpu, double us, string name, string category)
    {
        _cpus.Add(cpu);
        _json.WriteStartObject();
        _json.WriteString("name", name);
        _json.WriteString("cat", category);
        _json.WriteString("ph", "i");
        _json.WriteString("s", "t");
        _json.WriteNumber("ts", us);
        _json.WriteNumber("pid", CpuProcess);
        _json.WriteNumber("tid", cpu);
        _json.WriteEndObject();
        Written++;
    }

    private void Metadata(string kind, int pid, long? tid, string name)
    {
        _json.WriteStartObject();
        _json.WriteString("name", kind);
        _json.WriteString("ph", "M");
        _json.WriteNumber("pid", pid);
        if (tid is long t)
        {
            _json.WriteNumber("tid", t);
        }

        _json.WriteStartObject("args");
        _json.WriteString("name", name);
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    private void SortIndex(int pid, int tid)
    {
        _json.WriteStartObject();
        _json.WriteString("name", "thread_sort_index");
        _json.WriteString("ph", "M");
        _json.WriteNumber("pid", pid);
        _json.WriteNumber("tid", tid);
        _json.WriteStartObject("args");
        _json.WriteNumber("sort_index", tid);
        _json.WriteEndObject();
        _json.WriteEndObject();
    }
}
