using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A thread blocked on a port or lock (spin port, serializer port, serializer), with the blocking point a wake must
/// name and the result it resumes with. The waker removes the entry under the structure's lock, so each entry is
/// woken exactly once.
/// </summary>
/// <param name="Cpu">The waiter's CPU when it registered (a port waiter's only): the waker addresses its wake there
/// instead of reading the thread's <c>_cpu</c>, on a line the waiter's CPU writes at every switch. A hint: a waiter
/// that has moved since is chased (<see cref="LwktThread.WakeWithMessage"/>).</param>
internal readonly record struct PortWaiter(LwktThread Thread, int Version, int Result = LwktThread.WokenResult, VirtualCpu? Cpu = null)
{
    /// <summary>
    /// Blocks <paramref name="td"/> at a new blocking point until a message is handed to it, then enters it at the tail
    /// of <paramref name="waiters"/> with its CPU (state and blocking point first, so a wake from another CPU that comes
    /// before it switched out is not lost). Caller: <paramref name="td"/> itself, running on its CPU, holding the lock
    /// that guards the waiters, having found no message to take (<see cref="MessagePort.WaitPort"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WaitForMessage(LwktThread td, ref PortWaiters waiters)
    {
        td.BlockAtNewPoint();
        waiters.Enqueue(new PortWaiter(td, td.WaitVersion, Cpu: td._cpu));
    }
}
