using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lwkt.Runtime;

/// <summary>
/// A serializing token (lwkt: struct lwkt_token). Tokens serialize only while the holder runs: the scheduler releases
/// all of a thread's tokens whenever it switches out (block or yield) and takes the whole set again, all or nothing,
/// before the thread continues. A thread never waits while holding a token, so tokens cannot deadlock, whatever the
/// order of acquisition. After any blocking call the protected data may have changed: revalidate.
/// </summary>
/// <remarks>
/// <para>State word <see cref="_count"/> (lwkt: t_count), driven by CAS:</para>
/// <code>
///   bit 0  Exclusive   held exclusively by thread <see cref="_ownerId"/>     (lwkt: TOK_EXCLUSIVE)
///   bit 1  ExclRequest a blocked exclusive request waits; lone shared       (lwkt: TOK_EXCLREQ)
///                      requesters defer to it
///   bit 2  Waiters     threads are parked on <see cref="_waiters"/>; a release must hand one a chance
///   bits 3+ shared count in units of <see cref="Increment"/>, also recursive exclusive holds   (lwkt: TOK_INCR)
/// </code>
/// <para>Going beyond DragonFly: DragonFly leaves token waiters runnable and its scheduler polls them, so 10,000
/// threads waiting on one token cost 10,000 polls per switch. Here a thread that keeps failing is parked on the
/// token's waiter list (bit <see cref="Waiters"/> set under the list's lock, then one last try, so no release is
/// missed) and a release that sees the bit wakes exactly one waiter, which takes its whole set again. The cost per
/// acquisition is flat in the number of waiters. Shared acquirers that succeed after a wake pass the wake on, so
/// readers drain in a chain.</para>
/// <para>The uncontended path is one interlocked instruction each way: a compare-exchange to acquire, a fetch-add to
/// release (the holder knows which bit it owns, so subtracting it cannot disturb the others, and no compare-exchange
/// loop is needed). The owner is a thread id, not a reference, so taking a token stores no GC-tracked pointer.</para>
/// </remarks>
public sealed class Token
{
    internal const long Exclusive = 0x1;
    internal const long ExclRequest = 0x2;
    internal const long Waiters = 0x4;
    internal const long Increment = 0x8;

    private static int s_nextId;

    // The word and the owner's fields live in two 64-byte lines of their own, aligned, in a pinned array the token
    // owns (a managed object is only 8-byte aligned, and a compaction moves it): the word alone on the first line, the
    // owner, its depth and the holds count on the second. The word's line is the one the waiters poll, and a spinning
    // waiter polls it with compare-exchanges (LwktThread.SpinFor), so it sits in the waiter's cache, not the holder's,
    // while the token is held: the owner's fields, which the holder reads and writes on its release, must not share it.
    // The owner's line moves to each new owner once, by the stores right after its compare-exchange, which wait in the
    // store buffer while the critical section runs. Offsets: the word at 0, the owner at 64, the holds at 72, the
    // owner's depth at 80 (bytes from the first line's start).
    private const int LineLongs = 24;
    private readonly long[] _line = GC.AllocateArray<long>(LineLongs, pinned: true);
    private readonly unsafe long* _hot;

    /// <summary>State word; see the type's remarks.</summary>
    internal unsafe ref long _count => ref *_hot;

    /// <summary>
    /// <see cref="LwktThread.Id"/> of the exclusive owner, 0 when none (lwkt: t_ref). Written right after the winning
    /// compare-exchange and cleared before the release (docs/lwkt-semantics.md invariant 14), so a thread that reads
    /// its own id here holds the token exclusively: only the holder writes it while the bit is set. A number, not a
    /// reference: no GC write barrier.
    /// </summary>
    internal unsafe ref long _ownerId => ref *(_hot + 8);

    /// <summary>
    /// Where the exclusive owner's first-hold ref sits on its token stack (its index), valid while <see cref="_ownerId"/>
    /// is set: written with the owner, read only by the owner. Below that ref the stack does not change while it exists
    /// (strict LIFO), so "owner is me and its ref is my top" names the top entry without reading the stack: the release
    /// checks LIFO from the thread's count alone (<see cref="LwktThread.ReleaseToken"/>).
    /// </summary>
    internal unsafe ref int _ownerDepth => ref *(int*)(_hot + 10);

    /// <summary>
    /// Exclusive first holds taken so far: incremented by each new owner under the token (a plain increment of a line
    /// the owner has just written), read racily by <see cref="TokenBatching"/> to measure holds per second.
    /// </summary>
    internal unsafe ref long _holds => ref *(_hot + 9);

    /// <summary>How spinning waiters share the token between CPUs; created by the first one (<see cref="Batching"/>).</summary>
    private TokenBatching? _batching;

    private long _collisions;
    private readonly TokenWaitList _waiters = new();

    /// <summary>Creates a token with a description (lwkt: lwkt_token_init).</summary>
    public Token(string name)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Id = Interlocked.Increment(ref s_nextId);
        unsafe
        {
            // The array never moves (pinned) and lives as long as the token: the first 64-byte boundary of its data,
            // at most 56 bytes in, leaves two whole lines inside the array's 192 bytes.
            nint data = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_line));
            _hot = (long*)((data + 63) & ~(nint)63);
        }
    }

    /// <summary>The description (lwkt: t_desc); shown as the wait message of a blocked thread.</summary>
    public string Name { get; }

    /// <summary>A process-unique id: the global order used after repeated contention.</summary>
    public int Id { get; }

    /// <summary>Times an acquisition failed and had to wait (lwkt: t_collisions).</summary>
    public long Collisions => Volatile.Read(ref _collisions);

    /// <summary>True when some thread holds it exclusively.</summary>
    public bool IsHeldExclusive => (Volatile.Read(ref _count) & Exclusive) != 0;

    /// <summary>Number of shared holds (including recursive exclusive holds).</summary>
    public long SharedCount => Volatile.Read(ref _count) / Increment;

    /// <summary>The <see cref="LwktThread.Id"/> of the exclusive holder, or 0.</summary>
    public long OwnerId => Volatile.Read(ref _ownerId);

    /// <summary>Acquires exclusively (lwkt: lwkt_gettoken). Await the result at once; see <see cref="LwktThread.AcquireToken"/>.</summary>
    public ValueTask AcquireAsync() => LwktThread.AcquireExclusiveToken(this);

    /// <summary>Acquires shared (lwkt: lwkt_gettoken_shared).</summary>
    public ValueTask AcquireSharedAsync() => LwktThread.AcquireToken(this, shared: true);

    /// <summary>One non-blocking exclusive attempt (lwkt: lwkt_trytoken); on failure nothing is held.</summary>
    public bool TryAcquire() => LwktThread.TryAcquireToken(this);

    /// <summary>Releases the most recent acquisition of this token by the current thread (strict LIFO).</summary>
    public void Release() => LwktThread.ReleaseToken(this);

    /// <summary>Acquires exclusively and returns a scope whose Dispose releases it: <c>using (await t.ScopeAsync())</c>.</summary>
    public async ValueTask<Scope> ScopeAsync()
    {
        await AcquireAsync();
        return new Scope(this);
    }

    /// <inheritdoc/>
    public override string ToString() => $"token {Name}#{Id}";

    // ---- The lock-free attempts (lwkt: _lwkt_trytokref). ----

    /// <summary>
    /// One exclusive attempt for <paramref name="td"/>, first hold (not recursive), whose ref sits at
    /// <paramref name="depth"/> on its token stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryExclusive(LwktThread td, int depth)
    {
        if (TryClaim())
        {
            SetOwner(td, depth);
            return true;
        }

        return false;
    }

    /// <summary>
    /// <see cref="TryExclusive"/> for a waiter spinning on a token held on another CPU: the compare-exchange is issued
    /// without reading the word first, expecting it free with no flag set, and only a word that turns out free with a
    /// flag is tried again with the flag kept. A read followed by a compare-exchange moves the line twice once the
    /// holder has released (the read brings it shared, the compare-exchange must then take it from the releaser's cache
    /// again); a failed compare-exchange leaves the line in the waiter's cache, the release takes it from there, and
    /// the next compare-exchange takes it back: one transfer each way per hand-over. Between releases the holder does
    /// not touch the word's line (its fields are on the next one), so taking it costs the holder nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryExclusiveWithoutRead(LwktThread td, int depth)
    {
        long c = Interlocked.CompareExchange(ref _count, Exclusive, 0);
        if (c != 0 && ((c & ~(ExclRequest | Waiters)) != 0 || Interlocked.CompareExchange(ref _count, (c & Waiters) | Exclusive, c) != c))
        {
            return false;
        }

        SetOwner(td, depth);
        return true;
    }

    /// <summary>
    /// The compare-exchange of an exclusive first hold, for a thread not named yet: true when the word showed no holder
    /// and this call set the Exclusive bit. The caller then makes a thread the owner (<see cref="SetOwner"/>), or gives
    /// the claim back (<see cref="Unclaim"/>). Needs nothing from the thread, so the uncontended acquisition issues it
    /// before it looks the running thread up (<see cref="LwktThread.AcquireExclusiveToken"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal unsafe bool TryClaim()
    {
        long* word = _hot;
        long c = Volatile.Read(ref *word);
        return (c & ~(ExclRequest | Waiters)) == 0
            && Interlocked.CompareExchange(ref *word, (c & Waiters) | Exclusive, c) == c;
    }

    /// <summary>
    /// Makes <paramref name="td"/> the owner of a token it has just claimed (<see cref="TryClaim"/>), its ref at
    /// <paramref name="depth"/> on its token stack. The previous exclusive holder cleared the owner before the bit
    /// (invariant 14), so no owner is left behind.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SetOwner(LwktThread td, int depth)
    {
        Debug.Assert(Volatile.Read(ref _ownerId) == 0, "an exclusive acquisition found an owner left behind");
        unsafe
        {
            // One load of the line's address for the three stores (each field accessor would load it again).
            long* hot = _hot;
            *(int*)(hot + 10) = depth;
            hot[8] = td.Id;
            hot[9]++;
        }
    }

    /// <summary>
    /// True when thread <paramref name="id"/> owns this token exclusively with its first-hold ref at
    /// <paramref name="depth"/> on its token stack (the release's LIFO test): both fields read through one load of the
    /// line's address.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal unsafe bool IsOwnedAt(long id, int depth)
    {
        long* hot = _hot;
        return hot[8] == id && *(int*)(hot + 10) == depth;
    }

    /// <summary>
    /// Gives back a claim that no thread will own (<see cref="TryClaim"/> by a caller that is no LWKT thread, or whose
    /// token stack is full): as an exclusive release, no owner having been written.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void Unclaim()
    {
        Debug.Assert(_ownerId == 0, "a claim given back after an owner was written");
        ReleaseExclusiveBit();
    }

    /// <summary>
    /// One shared attempt. A pending exclusive request makes a thread wait only when this is its only token: a thread
    /// that already holds others cannot defer without risking a livelock with the requester (DragonFly's rule).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryShared(bool holdsOthers)
    {
        long c = Volatile.Read(ref _count);
        if ((c & Exclusive) == 0 && ((c & ExclRequest) == 0 || holdsOthers))
        {
            long old = Interlocked.Add(ref _count, Increment) - Increment;
            if ((old & Exclusive) == 0)
            {
                AssertHolds(old + Increment);
                return true;
            }

            // Lost the race with an exclusive acquirer: back the increment out (invariant 14).
            ReleaseCount();
        }

        return false;
    }

    /// <summary>Adds a recursive hold (the caller is the exclusive owner, or already holds it shared).</summary>
    internal void AddHold()
    {
        long old = Interlocked.Add(ref _count, Increment) - Increment;
        Debug.Assert((old & Exclusive) != 0 || old >= Increment, "a recursive hold of a token nobody holds");
    }

    /// <summary>Marks that a blocking exclusive request waits (lwkt: TOK_EXCLREQ).</summary>
    internal void SetExclusiveRequest()
    {
        if ((Volatile.Read(ref _count) & ExclRequest) == 0)
        {
            Interlocked.Or(ref _count, ExclRequest);
        }
    }

    /// <summary>
    /// Releases an exclusive first hold: owner cleared before the bit. The caller holds the Exclusive bit, so
    /// subtracting it is a plain fetch-add (<c>lock xadd</c>) instead of an And that compiles to a CAS loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ReleaseExclusive()
    {
        Debug.Assert(_ownerId != 0, "an exclusive release of a token without an owner");
        unsafe
        {
            long* hot = _hot;
            hot[8] = 0;
            ReleaseExclusiveBit(hot);
        }
    }

    /// <summary>Clears the Exclusive bit the caller holds and wakes a waiter if one is parked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void ReleaseExclusiveBit() => ReleaseExclusiveBit(_hot);

    /// <summary><see cref="ReleaseExclusiveBit()"/> with the word's address loaded by the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void ReleaseExclusiveBit(long* word)
    {
        long now = Interlocked.Add(ref *word, -Exclusive);
        AssertReleased(now + Exclusive, Exclusive);
        if ((now & Waiters) != 0)
        {
            _waiters.WakeOne(this);
        }
    }

    /// <summary>Releases one shared or recursive hold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ReleaseCount()
    {
        long now = Interlocked.Add(ref _count, -Increment);
        AssertReleased(now + Increment, Increment);
        if ((now & Waiters) != 0 && (now & ~(Waiters | ExclRequest)) == 0)
        {
            _waiters.WakeOne(this);
        }
    }

    internal void CountCollision()
    {
        Interlocked.Increment(ref _collisions);
        Interlocked.Increment(ref s_allCollisions);
    }

    private static long s_allCollisions;

    /// <summary>Collisions of every token in the process (lwkt: v_lock_colls summed over CPUs).</summary>
    public static long AllCollisions => Volatile.Read(ref s_allCollisions);

    /// <summary>
    /// Parks <paramref name="td"/> (runnable, holding nothing) until a release. Returns false, leaving it unparked,
    /// when the token became free meanwhile (the caller requeues it). Caller: its CPU's scheduler.
    /// </summary>
    internal bool Park(LwktThread td, bool shared) => _waiters.Park(this, td, shared);

    /// <summary>
    /// Takes the token exclusively on behalf of the parked waiter <paramref name="td"/> (a hand-off: see
    /// <see cref="TokenWaitList"/>); false when some thread holds it. The waiter finds itself the owner when its
    /// scheduler takes its set (<see cref="IsHandedTo"/>). Caller: the waiter list, under its gate.
    /// </summary>
    internal bool TryHandTo(LwktThread td)
    {
        long c = Volatile.Read(ref _count);
        if ((c & ~(ExclRequest | Waiters)) != 0 || Interlocked.CompareExchange(ref _count, (c & Waiters) | Exclusive, c) != c)
        {
            return false;
        }

        Debug.Assert(Volatile.Read(ref _ownerId) == 0, "a hand-off found an owner left behind");
        // The waiter asks for this token alone (WaitsForOnlyExclusive): its ref is the bottom of its stack.
        _ownerDepth = 0;
        _ownerId = td.Id;
        _holds++;
        return true;
    }

    /// <summary>
    /// The token's <see cref="TokenBatching"/>, created on first use at <paramref name="now"/>. Caller: a spinning
    /// exclusive waiter.
    /// </summary>
    internal TokenBatching Batching(long now)
    {
        TokenBatching? b = Volatile.Read(ref _batching);
        if (b is null)
        {
            Interlocked.CompareExchange(ref _batching, new TokenBatching(now, Volatile.Read(ref _holds)), null);
            b = _batching!;
        }

        return b;
    }

    /// <summary>The token's <see cref="TokenBatching"/> if a waiter has spun on it (for tests and diagnostics).</summary>
    internal TokenBatching? BatchingIfAny => Volatile.Read(ref _batching);

    /// <summary>True when a release handed this token to <paramref name="td"/> while it was parked.</summary>
    internal bool IsHandedTo(LwktThread td) => Volatile.Read(ref _ownerId) == td.Id;

    /// <summary>Threads parked on this token's waiter list now (for tests and diagnostics).</summary>
    internal int ParkedCount => _waiters.Count;

    /// <summary><paramref name="td"/>, woken from this token's waiter list, has retried (<see cref="TokenWaitList.Retried"/>).</summary>
    internal void WakeRetried(LwktThread td) => _waiters.Retried(td);

    /// <summary>Passes a wake on to the next waiter, if any (a shared acquirer after it was woken).</summary>
    internal void WakeNextIfWaiting()
    {
        if ((Volatile.Read(ref _count) & Waiters) != 0)
        {
            _waiters.WakeOne(this);
        }
    }

    /// <summary>
    /// True when a thread wanting this token in the given mode, and holding no other token, could take it now (the
    /// same conditions as <see cref="TryExclusive"/> and <see cref="TryShared"/>).
    /// </summary>
    internal bool LooksFree(bool shared)
    {
        long c = Volatile.Read(ref _count);
        return shared ? (c & (Exclusive | ExclRequest)) == 0 : (c & ~(ExclRequest | Waiters)) == 0;
    }

    /// <summary>True when no thread holds the token in any mode.</summary>
    internal bool HasNoHolders => (Volatile.Read(ref _count) & ~(ExclRequest | Waiters)) == 0;

    /// <summary>
    /// A word some thread holds: exclusive with no shared count of its own below it, or shared with a positive count
    /// (a recursive exclusive hold adds to the count, so both may be set).
    /// </summary>
    [Conditional("DEBUG")]
    private static void AssertHolds(long word) =>
        Debug.Assert(word >= 0 && ((word & Exclusive) != 0 || word >= Increment), $"token word 0x{word:x} is held by nobody");

    /// <summary>A release took away a hold that existed: the bit was set, or the count was positive.</summary>
    [Conditional("DEBUG")]
    private static void AssertReleased(long before, long released) =>
        Debug.Assert(
            released == Exclusive ? (before & Exclusive) != 0 : before >= Increment,
            $"token word 0x{before:x}: release of a {(released == Exclusive ? "exclusive" : "shared")} hold it did not have");

    /// <summary>The <c>using</c> scope of an exclusive hold.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly Token? _token;

        internal Scope(Token token) => _token = token;

        /// <summary>Releases the token.</summary>
        public void Dispose() => _token?.Release();
    }
}
