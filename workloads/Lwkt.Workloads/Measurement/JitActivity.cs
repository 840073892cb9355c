using System.Runtime;

namespace Lwkt.Workloads.Measurement;

/// <summary>
/// The JIT's cumulative work in this process, read cheaply (<see cref="JitInfo"/>: every thread, background tier-up
/// compiles included). Differences around an iteration say whether the JIT was busy while it was measured: at steady
/// state no method is compiled any more.
/// </summary>
internal readonly record struct JitActivity(long Methods, double Milliseconds)
{
    /// <summary>Reads the process-wide totals.</summary>
    public static JitActivity Read() =>
        new(JitInfo.GetCompiledMethodCount(currentThread: false), JitInfo.GetCompilationTime(currentThread: false).TotalMilliseconds);

    /// <summary>The difference <paramref name="after"/> minus <paramref name="before"/>.</summary>
    public static JitActivity operator -(JitActivity after, JitActivity before) =>
        new(after.Methods - before.Methods, after.Milliseconds - before.Milliseconds);

    /// <summary>Subtraction for languages without operators.</summary>
    public static JitActivity Subtract(JitActivity after, JitActivity before) => after - before;
}
