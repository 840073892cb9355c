using Lwkt.Harness.Results;

namespace Lwkt.Harness.Running;

/// <summary>What a <see cref="ICellHook"/> knows about the cell it brackets.</summary>
/// <param name="Key">The cell.</param>
/// <param name="RunFolder">The run's output folder (absolute).</param>
/// <param name="Trace">The trace profile asked for with <c>--trace</c>.</param>
public sealed record CellContext(CellKey Key, string RunFolder, TraceProfile Trace)
{
    /// <summary>The part of the child to trace (<c>--trace-window</c>).</summary>
    public Tracing.TraceWindow Window { get; init; } = Tracing.TraceWindow.Whole;

    /// <summary>The folder for per-cell trace files (<c>&lt;run&gt;/traces</c>); created by whoever writes there.</summary>
    public string TracesFolder => Path.Combine(RunFolder, "traces");

    /// <summary>The conventional trace file path of this cell, relative to <see cref="RunFolder"/>.</summary>
    public string TraceFileRelative => Path.Combine("traces", Key.Slug + ".nettrace");
}
