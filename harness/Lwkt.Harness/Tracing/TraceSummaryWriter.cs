using System.Globalization;

namespace Lwkt.Harness.Tracing;

/// <summary>Writes a <see cref="TraceSummary"/> as plain aligned text (the <c>trace summary</c> output).</summary>
public static class TraceSummaryWriter
{
    /// <summary>How many contention rows are listed before the rest are folded into one line.</summary>
    public const int MaxContentionRows = 20;

    /// <summary>How many hot frames are listed per thread kind unless asked otherwise.</summary>
    public const int DefaultTopFrames = 10;

    /// <summary>Writes <paramref name="summary"/> to <paramref name="output"/>, with <paramref name="topFrames"/> hot frames per list.</summary>
    public static void Write(TraceSummary summary, TextWriter output, int topFrames = DefaultTopFrames)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(Line($"trace {summary.Path}"));
        string lostNote = summary.EventsLost > 0 ? " (the session's buffer overflowed: counts below are low)" : "";
        output.WriteLine(Line($"  {summary.DurationMs / 1000:0.000} s, {summary.EventCount} events, {summary.EventsLost} lost{lostNote}"));
        TraceCell cell = summary.Cell;
        output.WriteLine(Line($"  cell: {cell}; ops: {(cell.Ops is long ops ? ops.ToString(CultureInfo.InvariantCulture) : "unknown")}; spans {cell.Coverage}"));

        output.WriteLine();
        output.WriteLine("events by kind                                                        count     total ms    mean µs     max µs     per op");
        foreach ((string kind, DurationStats stats) in summary.EventKinds)
        {
            string perOp = double.IsNaN(cell.PerOp(stats.Count)) ? "" : Line($"{TraceFormat.PerOp(cell.PerOp(stats.Count)),10}");
            output.WriteLine(Line($"  {kind,-64} {stats.Count,10} {Times(stats),-34} {perOp}").TrimEnd());
        }

        output.WriteLine();
        if (summary.Contention.Count == 0)
        {
            output.WriteLine("contention: none recorded (CLR contention needs --trace runtime|full, tokens and baseline locks --trace lwkt|full)");
        }
        else
        {
            output.WriteLine("contention by lock         source        lock                          count     total ms    mean µs     max µs");
            var rows = summary.Contention.OrderByDescending(c => c.Value.TotalNs).ThenByDescending(c => c.Value.Count).ToList();
            foreach (((string source, string lockName), DurationStats stats) in rows.Take(MaxContentionRows))
            {
                output.WriteLine(Line($"  {"",-24} {source,-13} {Clip(lockName, 28),-28} {stats.Count,7} {Times(stats)}"));
            }

            if (rows.Count > MaxContentionRows)
            {
                output.WriteLine(Line($"  … and {rows.Count - MaxContentionRows} more locks ({rows.Skip(MaxContentionRows).Sum(r => r.Value.Count)} contentions)"));
            }
        }

        output.WriteLine();
        long gcs = summary.GcCollections.Sum();
        output.WriteLine(Line($"gc: {gcs} collections (gen0 {summary.GcCollections[0]}, gen1 {summary.GcCollections[1]}, gen2 {summary.GcCollections[2]})"));
        foreach ((string reason, DurationStats pauses) in summary.Pauses)
        {
            output.WriteLine(Line($"runtime suspended ({reason}): {pauses.Count} times, pause total {pauses.TotalNs / 1e6:0.###} ms, max {pauses.MaxNs / 1e6:0.###} ms"));
        }
        WriteFrames(summary, output, topFrames);

        output.WriteLine();
        if (summary.Cpus.Count == 0)
        {
            output.WriteLine("lwkt: no Lwkt-Runtime events (record an lwkt cell with --trace lwkt|full)");
            return;
        }

        output.WriteLine(Line($"lwkt: {summary.LwktThreads.Created} threads created, {summary.LwktThreads.Exited} exited"));
        output.WriteLine("  cpu    switches      idle   ipis sent  ipis run  token coll.  migr. out  migr. in  work req.");
        foreach ((int cpu, CpuStats s) in summary.Cpus)
        {
            output.WriteLine(Line($"  {(cpu < 0 ? "ext" : cpu.ToString(CultureInfo.InvariantCulture)),3} {s.Switches,11} {s.IdleEntries,9} {s.IpisSent,11} {s.IpisProcessed,9} {s.TokenCollisions,12} {s.MigrationsOut,10} {s.MigrationsIn,9} {s.WorkRequests,10}"));
        }
    }

    private static void WriteFrames(TraceSummary summary, TextWriter output, int top)
    {
        if (summary.Frames is not { } frames)
        {
            output.WriteLine("hot frames: no samples (record the cell with --trace cpu|full)");
            return;
        }

        output.WriteLine();
        output.WriteLine(Line($"hot frames: {frames.Samples} samples (each managed thread every ms; shares are of the samples that caught it running managed code; convert --format speedscope for whole stacks)"));
        foreach (ThreadKind kind in ThreadKinds.All)
        {
            if (!frames.Kinds.TryGetValue(kind, out KindProfile? profile))
            {
                continue;
            }

            double perOp = summary.Cell.PerOp(profile.Running);
            string perOpText = double.IsNaN(perOp) ? "" : Line($"; {perOp * 1e3:0.###} running samples per 1000 ops");
            output.WriteLine(Line(
                $"  {ThreadKinds.Name(kind)}: {profile.Threads} thread(s), {profile.Samples} samples: {profile.Running} running managed code, {profile.OutsideManaged} outside it (native, syscall or blocked), {profile.AtGcPoll} parked at a GC poll{perOpText}"));
            if (profile.Running == 0)
            {
                continue;
            }

            output.WriteLine("     excl %   incl %  by exclusive share of the running samples");
            foreach ((string frame, FrameCount count) in profile.TopExclusive(top))
            {
                output.WriteLine(Line($"    {Percent(count.Exclusive, profile.Running),7} {Percent(count.Inclusive, profile.Running),8}  {frame}"));
            }

            output.WriteLine("     excl %   incl %  by inclusive share");
            foreach ((string frame, FrameCount count) in profile.TopInclusive(top))
            {
                output.WriteLine(Line($"    {Percent(count.Exclusive, profile.Running),7} {Percent(count.Inclusive, profile.Running),8}  {frame}"));
            }
        }
    }

    private static string Percent(long part, long whole) => whole == 0 ? "-" : Line($"{100.0 * part / whole:0.0} %");

    private static string Times(DurationStats stats) => stats.Timed == 0
        ? ""
        : Line($"{stats.TotalNs / 1e6,12:0.###} {stats.MeanNs / 1e3,10:0.##} {stats.MaxNs / 1e3,10:0.##}");

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
