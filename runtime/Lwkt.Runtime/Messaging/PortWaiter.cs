using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A thread blocked on a port or lock (spin port, serializer port, serializer), with the blocking point a wake must
/// name and the result it resumes with. The waker removes the entry under the structure's lock, so each entry is
/// woken exactly once.
/// </summary>
internal readonly record struct PortWaiter(LwktThread Thread, int Version, int Result = LwktThread.WokenResult)
{
    /// <summary>
    /// Blocks <paramref name="td"/> at a new blocking point until a message is handed to it, then enters it at the tail
    /// of <paramref name="waiters"/> (state and blocking point first, so a wake from another CPU that comes before it
    /// switched out is not lost). Caller: <paramref name="td"/> itself, holding the lock that guards the queue,
    /// having found no message to take (<see cref="MessagePort.WaitPort"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WaitForMessage(LwktThread td, Queue<PortWaiter> waiters)
    {
        td.BlockAtNewPoint();
        waiters.Enqueue(new PortWaiter(td, td.WaitVersion));
    }
}
