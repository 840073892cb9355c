namespace Lwkt.Workloads;

/// <summary>
/// One cell of a run: a workload on a runtime at a core count and thread count with its parameters. The harness
/// passes it to the child process; <see cref="CellRunner"/> runs its iterations.
/// </summary>
/// <param name="Workload">A name from <see cref="WorkloadCatalog"/> (<c>counter</c>, <c>pingpong</c>, ...).</param>
/// <param name="Runtime">A name from <see cref="RuntimeCatalog.Names"/> (<c>lwkt</c>, <c>os-futex</c>, ...).</param>
/// <param name="Cores">CPUs the runtime uses (virtual CPUs for <c>lwkt</c>); at least 1.</param>
/// <param name="Threads">Workload threads; each workload says how it maps them (pairs, stages, waiters).</param>
/// <param name="Parameters">Workload parameters as given; missing ones take their defaults.</param>
/// <param name="Duration">How long each time-based iteration measures, after the barrier start.</param>
/// <param name="Seed">Seeds every random choice (per thread and iteration), so a cell can be replayed.</param>
/// <param name="PinWorkers">
/// Pin the runtime's own workers one per CPU of the process's allowed set (<c>lwkt</c>'s virtual CPUs): what a
/// measured cell does (its child is restricted to the cell's CPUs), not what a test sharing a machine wants.
/// </param>
public sealed record CellSpec(
    string Workload,
    string Runtime,
    int Cores,
    int Threads,
    IReadOnlyDictionary<string, string> Parameters,
    TimeSpan Duration,
    int Seed,
    bool PinWorkers = false);
