using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Harness.Running;

/// <summary>
/// What one child produced: its facts, the measured iterations it reported, and, when it did not finish cleanly,
/// the failure (<c>crashed</c>, <c>timeout</c>, <c>unsupported</c>) with its reason.
/// </summary>
internal sealed record ChildOutcome
{
    /// <summary>The child's READY facts; null if it never got that far.</summary>
    public ReadyMessage? Ready { get; init; }

    /// <summary>The iterations reported, warm-up ones first (their <c>phase</c> says which), in order.</summary>
    public IReadOnlyList<IterationMessage> Iterations { get; init; } = [];

    /// <summary>The failure status, or null when the child finished (DONE and exit code 0).</summary>
    public string? FailureStatus { get; init; }

    /// <summary>Why it failed: the child's message and stderr tail.</summary>
    public string? FailureError { get; init; }

    /// <summary>The trace file written by the hook, relative to the run folder.</summary>
    public string? TraceFile { get; init; }

    /// <summary>What went wrong in the hook (reported, never a failure).</summary>
    public string? HookError { get; init; }

    /// <summary>The child's exit code (128 + signal when a signal ended it); null if it never started.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Whether a SIGINT or SIGTERM ended the child: Ctrl-C on a terminal reaches the child too.</summary>
    public bool KilledByInterrupt => ExitCode is 130 or 143;

    /// <summary>Wall time of the whole cell, child start to exit.</summary>
    public TimeSpan Elapsed { get; init; }
}
