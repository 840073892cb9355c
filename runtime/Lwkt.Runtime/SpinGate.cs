namespace Lwkt.Runtime;

/// <summary>
/// A tiny test-and-test-and-set spin lock for the runtime's own short critical regions (a token's waiter list, a sleep
/// queue bucket): held for a few instructions, never across a switch or a blocking call, so spinning is cheaper than
/// any kernel wait. A mutable struct: keep it in a field and never copy it.
/// </summary>
internal struct SpinGate
{
    private int _held;

    /// <summary>Takes the gate, spinning while another worker holds it.</summary>
    public void Enter()
    {
        if (Interlocked.CompareExchange(ref _held, 1, 0) != 0)
        {
            EnterContended();
        }
    }

    /// <summary>Releases the gate (a release write orders the protected stores before it).</summary>
    public void Exit() => Volatile.Write(ref _held, 0);

    private void EnterContended()
    {
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _held) != 0 || Interlocked.CompareExchange(ref _held, 1, 0) != 0)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }
}
