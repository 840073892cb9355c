namespace Lwkt.Workloads.Host.Protocol;

/// <summary>
/// The words of the harness ↔ host protocol (PROTOCOL.md beside this file). This folder is compiled into both
/// <c>Lwkt.Workloads.Host</c> and <c>lwkt-bench</c> (linked), so the two sides cannot drift apart.
/// </summary>
internal static class HostProtocol
{
    /// <summary>Host mode: print the catalogue (workloads, parameters, runtimes) as one JSON document and exit.</summary>
    public const string CatalogMode = "catalog";

    /// <summary>Host mode: read a JSON array of <see cref="CellRequest"/> on stdin, print a JSON array of <see cref="PlanResult"/>.</summary>
    public const string PlanMode = "plan";

    /// <summary>Host mode: read one <see cref="TortureRequest"/> JSON on stdin, run the torture, print its lines; exit 0, 1 or 2.</summary>
    public const string TortureMode = "torture";

    /// <summary>Host mode (the default): run one cell through the lifecycle below.</summary>
    public const string RunMode = "run";

    /// <summary>Child → harness: set up, about to run; followed by a <see cref="ReadyMessage"/> JSON.</summary>
    public const string Ready = "READY";

    /// <summary>Harness → child: start the iterations (tracing, if any, is running by now).</summary>
    public const string Go = "GO";

    /// <summary>Child → harness: one iteration finished; followed by an <see cref="IterationMessage"/> JSON.</summary>
    public const string Iteration = "ITERATION";

    /// <summary>Child → harness: every iteration finished; the child now waits for <see cref="Exit"/>.</summary>
    public const string Done = "DONE";

    /// <summary>Child → harness: the cell failed; followed by an <see cref="ErrorMessage"/> JSON; the child then exits 1.</summary>
    public const string Error = "ERROR";

    /// <summary>
    /// Child → harness: about to run the first iteration of the trace window (<see cref="CellRequest.TraceFirst"/>);
    /// the child waits for <see cref="Continue"/>, so the harness can start its EventPipe session on the boundary.
    /// </summary>
    public const string TraceStart = "TRACE-START";

    /// <summary>Child → harness: the window's last iteration is reported; the child waits for <see cref="Continue"/> (the session is stopped).</summary>
    public const string TraceStop = "TRACE-STOP";

    /// <summary>Harness → child: go on after <see cref="TraceStart"/> or <see cref="TraceStop"/>.</summary>
    public const string Continue = "CONTINUE";

    /// <summary>Harness → child: exit now (after the harness stopped tracing). End of stdin means the same.</summary>
    public const string Exit = "EXIT";

    /// <summary>
    /// The signal the harness sends a cell that timed out, before it kills it, to ask for a state dump: SIGUSR1 (10 on
    /// Linux). Not SIGQUIT: a non-interactive shell starts its background jobs with SIGQUIT ignored, a process keeps an
    /// ignored signal ignored across exec, and .NET installs no handler for it then (<c>.ci/run</c> run in the
    /// background got no dump).
    /// </summary>
    public const int StateDumpSignal = 10;

    /// <summary>
    /// Child → harness, on stderr: the first line of a state dump, written when the harness sends <see cref="StateDumpSignal"/> to a cell
    /// that timed out, before it kills it. <see cref="StateDumpEnd"/> closes the dump.
    /// </summary>
    public const string StateDumpBegin = "STATE-DUMP";

    /// <summary>Child → harness, on stderr: the last line of a state dump.</summary>
    public const string StateDumpEnd = "STATE-DUMP-END";

    /// <summary>
    /// Test-only fault injection, read by the host and set only by the harness tests: <c>fault[@workload[/runtime]]</c>
    /// where fault is <c>crash</c> (unhandled exception during the first iteration), <c>exit3</c> (exit code 3
    /// before READY) or <c>hang</c> (never finishes the first iteration). Not part of the catalogue.
    /// </summary>
    public const string TestFaultVariable = "LWKT_TEST_FAULT";

    /// <summary>
    /// The runtime's call-counting delay, which the harness sets to 0 in every run-mode child (unless its own
    /// environment sets a value, which is then passed on): tiering and dynamic PGO stay on, but a hot method is
    /// promoted after its first calls instead of after the process has gone 100 ms (1 s on one CPU) without new
    /// tier-0 methods, so warm-up reaches the code a long-running process runs within a few iterations.
    /// </summary>
    public const string CallCountingDelayVariable = "DOTNET_TC_CallCountingDelayMs";

    /// <summary>The value the harness gives <see cref="CallCountingDelayVariable"/>.</summary>
    public const string CallCountingDelayMs = "0";

    /// <summary>Splits a protocol line into its word and the JSON that follows (empty when none).</summary>
    public static (string Word, string Payload) Split(string line)
    {
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (line.Trim(), "") : (line[..space], line[(space + 1)..]);
    }
}
