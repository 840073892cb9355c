using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A serializer (lwkt: struct lwkt_serialize): a non-recursive exclusive lock that, unlike a <see cref="Token"/>, stays
/// held while its holder blocks. Waiters spin briefly, then sleep; the release hands the lock directly to the oldest
/// waiter (FIFO, no barging) and wakes it already holding it. LWKT threads only.
/// </summary>
/// <remarks>
/// <para>State word <see cref="_state"/>:</para>
/// <code>
///   bit 0  Held     some thread holds it (the owner is <see cref="_owner"/>, lwkt: last_td)
///   bit 1  Waiters  threads wait in <see cref="_waiters"/>; a release must hand over under the gate
/// </code>
/// <para>Uncontended enter and exit are one compare-exchange each. Waiters set <see cref="Waiters"/> under the gate
/// after failing to set <see cref="Held"/>, so the release that sees the bit finds them queued.</para>
/// </remarks>
public sealed class Serializer
{
    private const int Held = 0x1;
    private const int Waiters = 0x2;

    /// <summary>Attempts before an enter sleeps (lwkt: SLZ_ADAPTIVE_SPINMAX is 4096; a holder that blocks is long).</summary>
    private const int AdaptiveSpins = 64;

    private int _state;

    /// <summary>The holder; written by the thread that takes the lock, or by the releaser that hands it over.</summary>
    private LwktThread? _owner;

    /// <summary>Guards <see cref="_waiters"/> and the <see cref="Waiters"/> bit transitions.</summary>
    private SpinGate _gate;

    private readonly Queue<PortWaiter> _waiters = new();

    private long _contended;

    /// <summary>The holding thread, or null.</summary>
    public LwktThread? Owner => Volatile.Read(ref _owner);

    /// <summary>True when the calling LWKT thread holds it (lwkt: ASSERT_SERIALIZED).</summary>
    public bool IsHeldByCurrentThread
    {
        get
        {
            LwktThread? td = LwktThread.Current;
            return td is not null && Volatile.Read(ref _owner) == td;
        }
    }

    /// <summary>Times an enter had to sleep.</summary>
    public long Contended => Volatile.Read(ref _contended);

    /// <summary>
    /// Takes the serializer (lwkt: lwkt_serialize_adaptive_enter), blocking while another thread holds it. The
    /// caller's tokens are released while it waits. Await the result at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The caller already holds it (it is not recursive).</exception>
    public ValueTask EnterAsync()
    {
        LwktThread td = LwktThread.Self;
        return TryTakeFree(td) ? default : EnterContended(td);
    }

    /// <summary>One attempt that never blocks (lwkt: lwkt_serialize_try).</summary>
    public bool TryEnter() => TryTakeFree(LwktThread.Self);

    /// <summary>Releases the serializer (lwkt: lwkt_serialize_exit), handing it to the oldest waiter if any.</summary>
    /// <exception cref="InvalidOperationException">The caller does not hold it.</exception>
    public void Exit()
    {
        ThrowIfNotHeld();
        _owner = null;
        if (Interlocked.CompareExchange(ref _state, 0, Held) != Held)
        {
            HandOver();
        }
    }

    /// <summary>Throws unless the calling LWKT thread holds the serializer.</summary>
    internal void ThrowIfNotHeld()
    {
        if (!IsHeldByCurrentThread)
        {
            ThrowNotHeld();
        }
    }

    /// <summary>
    /// Queues a thread already blocked at <paramref name="version"/> (a port waiter being handed a message) as a
    /// waiter: the release that reaches it wakes it with <paramref name="result"/>, holding the serializer. Caller:
    /// the holder, so the lock stays held meanwhile.
    /// </summary>
    internal void AddBlockedWaiter(LwktThread td, int version, int result)
    {
        Debug.Assert(IsHeldByCurrentThread, "a waiter added to a serializer by a thread that does not hold it");
        Invariants.InState(td, ThreadState.Blocked);
        _gate.Enter();
        Interlocked.Or(ref _state, Waiters);
        _waiters.Enqueue(new PortWaiter(td, version, result));
        _gate.Exit();
    }

    private ValueTask EnterContended(LwktThread td)
    {
        if (Volatile.Read(ref _owner) == td)
        {
            throw new InvalidOperationException("The serializer is not recursive: the caller already holds it.");
        }

        for (int i = 0; i < AdaptiveSpins; i++)
        {
            int s = Volatile.Read(ref _state);
            if ((s & Held) == 0 && Interlocked.CompareExchange(ref _state, s | Held, s) == s)
            {
                BecomeOwner(td);
                return default;
            }

            Thread.SpinWait(8);
        }

        _gate.Enter();
        while (true)
        {
            int s = Volatile.Read(ref _state);
            if ((s & Held) == 0)
            {
                if (Interlocked.CompareExchange(ref _state, s | Held, s) == s)
                {
                    _gate.Exit();
                    BecomeOwner(td);
                    return default;
                }
            }
            else if ((s & Waiters) != 0 || Interlocked.CompareExchange(ref _state, s | Waiters, s) == s)
            {
                break;
            }
        }

        _contended++;
        td._state = ThreadState.Blocked;
        ValueTask vt = td.BlockPoint();
        _waiters.Enqueue(new PortWaiter(td, td.WaitVersion));
        _gate.Exit();
        return vt;
    }

    /// <summary>Release with waiters: the lock stays held and passes to the oldest waiter, which is then woken.</summary>
    private void HandOver()
    {
        _gate.Enter();
        Debug.Assert((Volatile.Read(ref _state) & (Held | Waiters)) == (Held | Waiters), $"serializer hand-over from state {_state}");
        if (_waiters.TryDequeue(out PortWaiter next))
        {
            _owner = next.Thread;
            if (_waiters.Count == 0)
            {
                Volatile.Write(ref _state, Held);
            }

            _gate.Exit();
            next.Thread.Wake(next.Version, next.Result);
        }
        else
        {
            Volatile.Write(ref _state, 0);
            _gate.Exit();
        }
    }

    /// <summary>The fast path of enter and try (lwkt: lwkt_serialize_try): takes the serializer if nobody holds or waits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryTakeFree(LwktThread td)
    {
        if (Interlocked.CompareExchange(ref _state, Held, 0) != 0)
        {
            return false;
        }

        BecomeOwner(td);
        return true;
    }

    /// <summary>
    /// Records <paramref name="td"/>, which just took the Held bit, as the owner. It finds no owner: the releaser
    /// clears the owner before the bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void BecomeOwner(LwktThread td)
    {
        Debug.Assert(Volatile.Read(ref _owner) is null, $"a serializer acquired while thread {_owner?.Id} is still its owner");
        _owner = td;
    }

    [DoesNotReturn]
    private static void ThrowNotHeld() =>
        throw new InvalidOperationException("The calling thread does not hold this serializer.");
}
