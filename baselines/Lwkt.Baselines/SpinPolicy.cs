namespace Lwkt.Baselines;

/// <summary>Facts every spinning path consults before it spins.</summary>
internal static class SpinPolicy
{
    /// <summary>
    /// False when the process may use one CPU: there a spinner only delays the holder it waits for, so the
    /// spin-then-sleep primitives skip their spin stage and the pure spinners yield at once.
    /// </summary>
    public static readonly bool IsMultiProcessor = Environment.ProcessorCount > 1;

    /// <summary>
    /// Tries the futex primitives spend before sleeping when there is no better estimate (Rust std's futex
    /// mutex and rwlock spin 100 times; glibc's adaptive mutex caps its estimate at 100).
    /// </summary>
    public const int FutexSpinLimit = 100;
}
