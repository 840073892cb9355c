namespace Lwkt.Workloads.Runtimes;

/// <summary>Which spin lock the os-spin runtime uses for its exclusive locks.</summary>
public enum SpinLockKind
{
    /// <summary>Test-and-test-and-set with exponential backoff (<c>os-spin</c>).</summary>
    TestAndTestAndSet,

    /// <summary>The FIFO ticket lock with proportional backoff (<c>os-spin-ticket</c>).</summary>
    Ticket,
}
