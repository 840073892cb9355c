namespace Lwkt.Workloads.Torture;

/// <summary>The outcome of one torture run of one runtime.</summary>
/// <param name="Runtime">The label the run printed.</param>
/// <param name="Success">True when no check failed (the run ends with SUCCESS).</param>
/// <param name="Failures">Failed checks, counted.</param>
/// <param name="FailureMessages">The first failure messages (<see cref="TortureFailures.Kept"/> at most).</param>
/// <param name="Operations">Operations completed by every stress thread.</param>
/// <param name="Elapsed">Torture-clock time the stress ran (virtual in a deterministic run).</param>
/// <param name="Hung">True when the threads did not stop: the runtime is wedged and must not be disposed.</param>
/// <param name="Digest">The schedule digest of a deterministic run, else null.</param>
/// <param name="EventLog">The scheduler's event log of a deterministic run with <see cref="TortureOptions.RecordEvents"/>.</param>
public sealed record TortureResult(
    string Runtime,
    bool Success,
    int Failures,
    IReadOnlyList<string> FailureMessages,
    long Operations,
    TimeSpan Elapsed,
    bool Hung,
    string? Digest,
    IReadOnlyList<string> EventLog);
