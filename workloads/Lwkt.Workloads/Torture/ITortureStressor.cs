namespace Lwkt.Workloads.Torture;

/// <summary>
/// One kind of stress: its constructor adds its threads and statistics groups to the <see cref="TortureContext"/>;
/// after every thread has ended, <see cref="CheckEnd"/> checks that its counters are consistent.
/// </summary>
internal interface ITortureStressor
{
    /// <summary>Checks the end-of-run counters, reporting failures to the context. Caller: the engine, after the run.</summary>
    void CheckEnd();
}
