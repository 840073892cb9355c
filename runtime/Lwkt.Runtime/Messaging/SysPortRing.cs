using System.Runtime.InteropServices;
using Lwkt.Runtime.IoUring;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// The sysport on one virtual CPU's io_uring: kernel calls (<see cref="KernelCall"/>) sent by LWKT threads of this CPU
/// become requests on the CPU's own ring; the worker submits them in batches and reaps their completions between
/// threads and in its idle loop, replying to each call on this CPU — where its sender waits — exactly once. The idle
/// loop parks in the same ring (<see cref="Wait"/>): one wait for completions, the next timer, and the CPU's doorbell.
/// </summary>
/// <remarks>
/// <para>Ownership: everything here is touched by the CPU's worker only (the ring is single-issuer), except
/// <see cref="Abort"/>, which any thread may call and which travels to the worker as an IPI.</para>
/// <para>Slots: an in-flight request occupies a slot (its user_data is the slot and the slot's generation, so a
/// cancel aimed at a finished request can never hit the slot's next user). At most <see cref="SlotCount"/> requests
/// are in the kernel, fewer than the CQ's entries, so the CQ never overflows; calls beyond that wait in a backlog
/// (back-pressure without blocking the worker) and start as completions free slots. A full SQ is submitted at once.</para>
/// <para>The doorbell: the CPU's own <see cref="Lwkt.Runtime.Doorbell"/> word (docs/cross-cpu.md). The idle loop
/// marks it parked and calls <see cref="Wait"/>; the parked ring holds an IORING_OP_FUTEX_WAIT on it (the parked
/// value) that a sender's FUTEX_WAKE completes, or that fails at once with EAGAIN if the word moved first. The wait
/// stays armed across idle periods until it completes (senders wake only a parked CPU), so a quiet CPU re-arms it
/// only after a real wake-up.</para>
/// </remarks>
internal sealed unsafe class SysPortRing : SysPortServer, IDoorbellWaiter, IDisposable
{
    /// <summary>SQ size: more than a worker fills between two scheduler passes (it flushes at <see cref="BatchSize"/>).</summary>
    private const uint SqEntries = 256;

    /// <summary>
    /// Requests one ring keeps in the kernel: room for every sleeper of the heaviest workload (hold-block's 64, the
    /// 10,000-sleep test's share per CPU) at 16 bytes of CQ and 16 of timespec each; the rest wait in the backlog.
    /// </summary>
    internal const int DefaultSlots = 4096;

    /// <summary>Filled SQEs that make the worker submit at once even with threads runnable (a batch, one system call).</summary>
    private const uint BatchSize = 32;

    /// <summary>Scheduler passes a filled SQE may wait for the run queue to empty before it is submitted anyway.</summary>
    private const int MaxPassesBeforeSubmit = 8;

    private const ulong DoorbellTag = ulong.MaxValue;
    private const ulong CancelTag = ulong.MaxValue - 1;

    /// <summary>IPI handler: the abort of a call, on the CPU whose ring serves it (AbortLocal checks it still does).</summary>
    private static readonly Action<object?, long> s_abortOnWorker = static (arg, seq) =>
        VirtualCpu.Mine.SysRing?.AbortLocal((KernelCall)arg!, (uint)seq);

    private readonly VirtualCpu _cpu;
    private readonly Ring _ring;
    private readonly KernelCall?[] _calls;
    private readonly uint[] _generations;
    private readonly int[] _free;
    private readonly KernelTimespec* _scratch;
    private readonly Queue<(KernelCall Call, uint Seq)> _backlog = new();
    private int _freeCount;
    private bool _doorbellArmed;

    /// <summary>
    /// Nothing can be waiting for <see cref="Service"/>: no call in a slot or the backlog, no SQE filled, no doorbell
    /// wait armed. Set only by <see cref="Reap"/>, which knows; cleared by whatever gives the ring work (a submit, a
    /// cancel). The scheduler asks <see cref="WantsService"/> at every switch, and this one field spares that check
    /// its loads of the ring's shared memory (the CQ tail and the SQ flags: a fifth of <c>VirtualCpu.Step</c>'s
    /// samples in the yield workload at 1 core, where no call is ever made). A cancel's own completion may still be
    /// posted while this is set; it is taken at the next <see cref="Service"/> or <see cref="Wait"/>.
    /// </summary>
    private bool _quiet = true;
    private int _passesWaiting;
    private long _completed;
    private long _parks;
    private bool _disposed;

    private SysPortRing(VirtualCpu cpu, Ring ring, int slots)
    {
        _cpu = cpu;
        _ring = ring;
        SlotCount = slots;
        _calls = new KernelCall?[slots];
        _generations = new uint[slots];
        _free = new int[slots];
        for (int i = 0; i < slots; i++)
        {
            _free[i] = slots - 1 - i;
        }

        _freeCount = slots;
        _scratch = (KernelTimespec*)NativeMemory.AllocZeroed((nuint)slots, (nuint)sizeof(KernelTimespec));
    }

    /// <summary>Requests this ring keeps in the kernel at most.</summary>
    public int SlotCount { get; }

    /// <summary>Calls replied from this ring (worker-written; racy read elsewhere).</summary>
    public long Completed => Volatile.Read(ref _completed);

    /// <summary>Times the worker parked in this ring (worker-written; racy read elsewhere).</summary>
    public long Parks => Volatile.Read(ref _parks);

    /// <summary>Requests in the kernel now.</summary>
    public int InFlight => SlotCount - _freeCount;

    /// <summary>Calls waiting for a slot.</summary>
    public int Backlog => _backlog.Count;

    /// <summary>
    /// Sets up the ring of <paramref name="cpu"/> on its worker (the single issuer), or returns null with the reason.
    /// </summary>
    public static SysPortRing? TryCreate(VirtualCpu cpu, int slots, out string? failure)
    {
        // CQ entries: a power of two above slots + the doorbell wait + cancels in flight.
        uint cq = (uint)Math.Max(64, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)slots * 2));
        Ring? ring = Ring.TryCreate(Math.Min(SqEntries, (uint)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)slots)), cq, out failure);
        return ring is null ? null : new SysPortRing(cpu, ring, slots);
    }

    /// <summary>Queues <paramref name="call"/> on this ring. Caller: this CPU's worker (the sending LWKT thread).</summary>
    public void Submit(KernelCall call)
    {
        _quiet = false;
        call._server = this;
        call._cancelRequested = false;
        if (_backlog.Count != 0 || !TryStart(call))
        {
            call._slot = KernelCall.InBacklog;
            _backlog.Enqueue((call, call._sendSeq));
        }
    }

    /// <summary>
    /// True when <see cref="Service"/> has work: completions to reap (or to have the kernel post), backlog calls and free
    /// slots, or filled SQEs that should go now — a full batch, an idle CPU, or a few passes of waiting.
    /// </summary>
    public bool WantsService(bool runQueueEmpty)
    {
        if (_quiet)
        {
            return false;
        }

        if (_ring.HasCompletions || _ring.NeedsEnter || (_backlog.Count != 0 && _freeCount != 0))
        {
            return true;
        }

        if (_ring.Unsubmitted == 0)
        {
            return false;
        }

        return runQueueEmpty || _ring.Unsubmitted >= BatchSize || ++_passesWaiting >= MaxPassesBeforeSubmit;
    }

    /// <summary>Submits what is filled, then reaps and replies every completion. Caller: the worker, between threads.</summary>
    public void Service()
    {
        _passesWaiting = 0;
        if (_ring.Unsubmitted != 0 || _ring.NeedsEnter)
        {
            _ring.Submit();
        }

        Reap();
    }

    /// <summary>
    /// The idle loop's one wait (<see cref="IDoorbellWaiter"/>): arms a FUTEX_WAIT on the CPU's doorbell word if none
    /// is armed, submits, and sleeps in the kernel until a completion, a wake of the doorbell, or
    /// <paramref name="timeoutNanoseconds"/> (relative; negative: none). Then reaps. The caller (Doorbell.Park) has
    /// marked the word parked and checked for work after that.
    /// </summary>
    public void Wait(int* word, int expected, long timeoutNanoseconds)
    {
        if (!_doorbellArmed)
        {
            Sqe* sqe = GetSqe();
            if (sqe is not null)
            {
                sqe->Opcode = IoUringOp.FutexWait;
                sqe->Fd = (int)(Futex2Flags.SizeU32 | Futex2Flags.Private);
                sqe->Addr = (ulong)word;
                sqe->Off = (uint)expected; // wait while the word still reads parked
                sqe->Addr3 = IoUringAbi.FutexBitsetMatchAny;
                sqe->UserData = DoorbellTag;
                _doorbellArmed = true;
                _quiet = false;
            }
            else
            {
                // No SQE for the doorbell (the SQ is full of calls): do not sleep past a wake-up; look again soon.
                timeoutNanoseconds = timeoutNanoseconds < 0 ? 50_000 : Math.Min(timeoutNanoseconds, 50_000);
            }
        }

        _passesWaiting = 0;
        _parks++;
        _ring.Wait(timeoutNanoseconds);
        Reap();
    }

    /// <summary>Any thread: the abort request travels to the worker (or runs at once on it).</summary>
    internal override void Abort(SystemCallMessage call, uint seq)
    {
        if (VirtualCpu.Current == _cpu)
        {
            AbortLocal((KernelCall)call, seq);
        }
        else
        {
            _cpu.SendExternal(s_abortOnWorker, call, seq);
        }
    }

    /// <summary>
    /// On the worker: a call still in the backlog is replied Aborted at once; one in the kernel gets an ASYNC_CANCEL,
    /// and its completion (ECANCELED, or its normal result if it finished first) is its one reply.
    /// </summary>
    internal void AbortLocal(KernelCall call, uint seq)
    {
        if (call._server != this || call._sendSeq != seq)
        {
            return;
        }

        if (call._slot == KernelCall.InBacklog)
        {
            call._slot = KernelCall.NotInRing;
            _completed++;
            call.Reply(MessageError.Aborted);
        }
        else if (call._slot >= 0 && !call._cancelRequested)
        {
            Sqe* sqe = GetSqe();
            if (sqe is not null)
            {
                _quiet = false;
                sqe->Opcode = IoUringOp.AsyncCancel;
                sqe->Fd = -1;
                sqe->Addr = UserData(call._slot);
                sqe->UserData = CancelTag;
                call._cancelRequested = true;
            }
        }
    }

    /// <summary>
    /// At worker exit: replies the backlog Aborted, cancels everything in the kernel and replies each as it
    /// completes, then closes the ring. Bounded: a request the kernel will not give back in time is abandoned with its
    /// ring (closing the ring cancels it) after <paramref name="timeout"/>.
    /// </summary>
    public void Shutdown(TimeSpan timeout)
    {
        while (_backlog.TryDequeue(out (KernelCall Call, uint Seq) entry))
        {
            AbortLocal(entry.Call, entry.Seq);
        }

        if (InFlight != 0)
        {
            Sqe* sqe = GetSqe();
            if (sqe is not null)
            {
                sqe->Opcode = IoUringOp.AsyncCancel;
                sqe->Fd = -1;
                sqe->OpFlags = (uint)(IoUringCancelFlags.Any | IoUringCancelFlags.All);
                _quiet = false;
                sqe->UserData = CancelTag;
            }

            long end = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            while (InFlight != 0 && Environment.TickCount64 < end)
            {
                _ring.Wait(10_000_000);
                Reap();
            }
        }

        Dispose();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _ring.Dispose();
        NativeMemory.Free(_scratch);
    }

    /// <summary>Starts <paramref name="call"/> in a free slot; false when no slot or SQE is free.</summary>
    private bool TryStart(KernelCall call)
    {
        if (_freeCount == 0)
        {
            return false;
        }

        Sqe* sqe = GetSqe();
        if (sqe is null)
        {
            return false;
        }

        int slot = _free[--_freeCount];
        _calls[slot] = call;
        call._slot = slot;
        call.Prepare(sqe, &_scratch[slot]);
        sqe->UserData = UserData(slot);
        return true;
    }

    /// <summary>An SQE, submitting the full queue first if needed; null only if the kernel takes none.</summary>
    private Sqe* GetSqe()
    {
        Sqe* sqe = _ring.TryGetSqe();
        if (sqe is null)
        {
            _ring.Submit();
            sqe = _ring.TryGetSqe();
        }

        return sqe;
    }

    private ulong UserData(int slot) => (uint)slot | ((ulong)_generations[slot] << 32);

    /// <summary>Replies every posted completion, then starts backlog calls in the slots they freed.</summary>
    private void Reap()
    {
        while (_ring.TryTake(out Cqe cqe))
        {
            if (cqe.UserData == DoorbellTag)
            {
                _doorbellArmed = false;
                continue;
            }

            if (cqe.UserData == CancelTag)
            {
                continue;
            }

            int slot = (int)(uint)cqe.UserData;
            KernelCall call = _calls[slot]!;
            _calls[slot] = null;
            _generations[slot]++;
            _free[_freeCount++] = slot;
            call._slot = KernelCall.NotInRing;
            int error = call.Complete(cqe.Res);
            _completed++;
            call.Reply(error);
        }

        while (_freeCount != 0 && _backlog.TryPeek(out (KernelCall Call, uint Seq) next))
        {
            if (next.Call._slot != KernelCall.InBacklog || next.Call._sendSeq != next.Seq)
            {
                _backlog.Dequeue(); // aborted while waiting
                continue;
            }

            if (!TryStart(next.Call))
            {
                break;
            }

            _backlog.Dequeue();
        }

        _quiet = _freeCount == SlotCount && _backlog.Count == 0 && _ring.Unsubmitted == 0 && !_doorbellArmed;
    }
}
