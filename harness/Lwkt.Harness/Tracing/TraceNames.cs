namespace Lwkt.Harness.Tracing;

/// <summary>
/// The event names as TraceEvent reports them (EventPipe metadata; Start/Stop methods appear as <c>Task/Start</c> and
/// <c>Task/Stop</c>) and the payload fields the readers use. One place, so summary and timeline agree.
/// </summary>
internal static class TraceNames
{
    // Lwkt-Runtime (runtime/Lwkt.Runtime/Diagnostics/LwktEventSource.cs).
    public const string Switch = "Switch";
    public const string ThreadCreate = "ThreadCreate";
    public const string ThreadExit = "ThreadExit";
    public const string TokenContentionStart = "TokenContention/Start";
    public const string TokenContentionStop = "TokenContention/Stop";
    public const string IpiSend = "IpiSend";
    public const string IpiProcess = "IpiProcess";
    public const string Migration = "Migration";
    public const string WorkRequest = "WorkRequest";

    // Lwkt-Baselines and the CLR.
    public const string ContentionStart = "Contention/Start";
    public const string ContentionStop = "Contention/Stop";
    public const string GcStart = "GC/Start";
    public const string SuspendEeStart = "GC/SuspendEEStart";
    public const string RestartEeStop = "GC/RestartEEStop";

    /// <summary>The payload field of a stop event that carries its duration.</summary>
    public const string DurationNs = "durationNs";

    /// <summary>Reads an integer payload field by name (any integral type), or <paramref name="fallback"/>.</summary>
    public static long Long(Microsoft.Diagnostics.Tracing.TraceEvent e, string name, long fallback = -1) =>
        e.PayloadByName(name) switch
        {
            long l => l,
            int i => i,
            ulong u => (long)u,
            uint u => u,
            short s => s,
            ushort s => s,
            byte b => b,
            bool b => b ? 1 : 0,
            _ => fallback,
        };

    /// <summary>Reads a floating payload field by name, or NaN.</summary>
    public static double Double(Microsoft.Diagnostics.Tracing.TraceEvent e, string name) =>
        e.PayloadByName(name) switch
        {
            double d => d,
            float f => f,
            long l => l,
            int i => i,
            _ => double.NaN,
        };

    /// <summary>Reads a string payload field by name, or "".</summary>
    public static string Text(Microsoft.Diagnostics.Tracing.TraceEvent e, string name) => e.PayloadByName(name) as string ?? "";
}
