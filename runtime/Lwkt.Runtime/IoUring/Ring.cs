using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.IoUring;

/// <summary>
/// One io_uring instance (a submission and a completion ring shared with the kernel), set up with the raw system
/// calls and mapped into this process. A thin layer: it hands out SQEs, submits, waits and yields CQEs; what the
/// entries mean is the caller's business (the sysport's ring, <c>Messaging/SysPortRing.cs</c>).
/// </summary>
/// <remarks>
/// <para>Single issuer: the ring is created with IORING_SETUP_SINGLE_ISSUER and DEFER_TASKRUN, so exactly one OS thread
/// — the one that created it — may submit and reap, and the kernel posts completions only when that thread enters it
/// with GETEVENTS; TASKRUN_FLAG makes the kernel raise IORING_SQ_TASKRUN in the shared flags when completions are
/// waiting to be posted, so the owner learns of them with one load (<see cref="NeedsEnter"/>) and no system call.</para>
/// <para>Memory order: the kernel reads the SQ tail and writes the SQ head; we write the tail with a release store
/// after filling the entries. The kernel writes the CQ tail after the CQEs; we read it with an acquire load, then the
/// entries, then publish the head with a release store (the kernel may then reuse those slots).</para>
/// </remarks>
internal sealed unsafe class Ring : IDisposable
{
    private const IoUringSetup SetupFlags = IoUringSetup.SingleIssuer | IoUringSetup.DeferTaskrun | IoUringSetup.TaskrunFlag
        | IoUringSetup.CqSize | IoUringSetup.SubmitAll;

    private readonly int _fd;
    private readonly byte* _rings;
    private readonly nuint _ringsSize;
    private readonly Sqe* _sqes;
    private readonly nuint _sqesSize;
    private readonly uint* _sqHead;
    private readonly uint* _sqTail;
    private readonly uint* _sqFlags;
    private readonly uint _sqMask;
    private readonly uint* _cqHead;
    private readonly uint* _cqTail;
    private readonly Cqe* _cqes;
    private readonly uint _cqMask;

    /// <summary>The SQ tail as we have filled it (published at <see cref="Submit"/>).</summary>
    private uint _sqTailLocal;

    /// <summary>Entries filled since the last io_uring_enter took them.</summary>
    private uint _unsubmitted;
    private uint _cqHeadLocal;
    private bool _disposed;

    private Ring(int fd, in IoUringParams p, byte* rings, nuint ringsSize, Sqe* sqes, nuint sqesSize)
    {
        _fd = fd;
        _rings = rings;
        _ringsSize = ringsSize;
        _sqes = sqes;
        _sqesSize = sqesSize;
        SqEntries = p.SqEntries;
        CqEntries = p.CqEntries;
        _sqHead = (uint*)(rings + p.SqOff.Head);
        _sqTail = (uint*)(rings + p.SqOff.Tail);
        _sqFlags = (uint*)(rings + p.SqOff.Flags);
        _sqMask = *(uint*)(rings + p.SqOff.RingMask);
        _cqHead = (uint*)(rings + p.CqOff.Head);
        _cqTail = (uint*)(rings + p.CqOff.Tail);
        _cqes = (Cqe*)(rings + p.CqOff.Cqes);
        _cqMask = *(uint*)(rings + p.CqOff.RingMask);
        _sqTailLocal = *_sqTail;
        _cqHeadLocal = *_cqHead;

        // The SQ index array maps ring positions to SQEs; the identity map lets position i always use SQE i.
        uint* array = (uint*)(rings + p.SqOff.Array);
        for (uint i = 0; i < SqEntries; i++)
        {
            array[i] = i;
        }
    }

    /// <summary>Submission queue size (SQEs that may wait for one io_uring_enter).</summary>
    public uint SqEntries { get; }

    /// <summary>Completion queue size.</summary>
    public uint CqEntries { get; }

    /// <summary>
    /// Sets up a ring with <paramref name="sqEntries"/> SQEs and <paramref name="cqEntries"/> CQEs, owned by the calling
    /// OS thread. Returns null and the kernel's error (a negative errno, or a reason) where io_uring is missing,
    /// forbidden (seccomp, <c>kernel.io_uring_disabled</c>) or lacks a feature this layer needs.
    /// </summary>
    public static Ring? TryCreate(uint sqEntries, uint cqEntries, out string? failure)
    {
        failure = null;
        if (!Kernel.IsSupported)
        {
            failure = "io_uring needs Linux on x86_64 or arm64";
            return null;
        }

        IoUringParams p = default;
        p.Flags = SetupFlags;
        p.CqEntries = cqEntries;
        int fd = Kernel.IoUringSetup(sqEntries, &p);
        if (fd < 0)
        {
            failure = $"io_uring_setup failed: errno {-fd}";
            return null;
        }

        const IoUringFeatures needed = IoUringFeatures.SingleMmap | IoUringFeatures.NoDrop | IoUringFeatures.ExtArg;
        if ((p.Features & needed) != needed)
        {
            Kernel.Close(fd);
            failure = $"io_uring lacks SINGLE_MMAP, NODROP or EXT_ARG (features 0x{p.Features:x})";
            return null;
        }

        // SINGLE_MMAP: the SQ and CQ rings share one mapping, as large as the larger of the two.
        nuint sqSize = p.SqOff.Array + (p.SqEntries * sizeof(uint));
        nuint cqSize = p.CqOff.Cqes + (p.CqEntries * (nuint)sizeof(Cqe));
        nuint ringsSize = Math.Max(sqSize, cqSize);
        byte* rings = (byte*)Kernel.MapShared(fd, ringsSize, (long)IoUringMmapOffset.SqRing);
        nuint sqesSize = p.SqEntries * (nuint)sizeof(Sqe);
        Sqe* sqes = rings is null ? null : (Sqe*)Kernel.MapShared(fd, sqesSize, (long)IoUringMmapOffset.Sqes);
        if (sqes is null)
        {
            if (rings is not null)
            {
                Kernel.Unmap(rings, ringsSize);
            }

            Kernel.Close(fd);
            failure = "mmap of the io_uring rings failed";
            return null;
        }

        return new Ring(fd, p, rings, ringsSize, sqes, sqesSize);
    }

    /// <summary>True when the kernel holds completions it will post only if the owner enters (or the CQ overflowed).</summary>
    public bool NeedsEnter
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (Volatile.Read(ref *_sqFlags) & (uint)(IoUringSqFlags.Taskrun | IoUringSqFlags.CqOverflow)) != 0;
    }

    /// <summary>True when a CQE is ready to take.</summary>
    public bool HasCompletions
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref *_cqTail) != _cqHeadLocal;
    }

    /// <summary>SQEs filled and not yet handed to the kernel.</summary>
    public uint Unsubmitted => _unsubmitted;

    /// <summary>
    /// A zeroed SQE to fill, or null when the submission queue is full (submit, then ask again). The entry is handed
    /// to the kernel at the next <see cref="Submit"/> or <see cref="Wait"/>.
    /// </summary>
    public Sqe* TryGetSqe()
    {
        uint tail = _sqTailLocal;
        if (tail - Volatile.Read(ref *_sqHead) >= SqEntries)
        {
            return null;
        }

        Sqe* sqe = &_sqes[tail & _sqMask];
        *sqe = default;
        _sqTailLocal = tail + 1;
        _unsubmitted++;
        return sqe;
    }

    /// <summary>
    /// Hands the filled SQEs to the kernel and runs its deferred completions (one io_uring_enter, no wait). Returns
    /// the kernel's result (entries consumed, or -errno: -EBUSY/-EAGAIN when it wants completions reaped first).
    /// </summary>
    public int Submit() => Enter(0, null);

    /// <summary>
    /// Submits what is filled and waits until at least one completion is ready, or <paramref name="timeoutNs"/>
    /// (relative; negative: none) passes, or a signal arrives. Returns 0 or -errno (-ETIME on timeout, -EINTR).
    /// </summary>
    public int Wait(long timeoutNs)
    {
        KernelTimespec ts = KernelTimespec.FromNanoseconds(Math.Max(0, timeoutNs));
        GetEventsArg arg = default;
        if (timeoutNs >= 0)
        {
            arg.Timespec = (ulong)&ts;
        }

        return Enter(1, &arg);
    }

    private int Enter(uint minComplete, GetEventsArg* arg)
    {
        Volatile.Write(ref *_sqTail, _sqTailLocal);
        IoUringEnter flags = IoUringEnter.GetEvents | (arg is null ? 0 : IoUringEnter.ExtArg);
        int result = Kernel.IoUringEnter(_fd, _unsubmitted, minComplete, (uint)flags, arg, arg is null ? 0 : sizeof(GetEventsArg));

        // The kernel advances the SQ head past every entry it consumed, whatever the call then returned.
        _unsubmitted = _sqTailLocal - Volatile.Read(ref *_sqHead);
        return result;
    }

    /// <summary>Takes the next completion, if any, and frees its slot for the kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryTake(out Cqe cqe)
    {
        uint head = _cqHeadLocal;
        if (head == Volatile.Read(ref *_cqTail))
        {
            cqe = default;
            return false;
        }

        cqe = _cqes[head & _cqMask];
        _cqHeadLocal = head + 1;
        Volatile.Write(ref *_cqHead, head + 1);
        return true;
    }

    /// <summary>Unmaps the rings and closes the ring; the kernel cancels whatever is still in flight.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kernel.Unmap(_sqes, _sqesSize);
        Kernel.Unmap(_rings, _ringsSize);
        Kernel.Close(_fd);
    }

    /// <summary>
    /// Asks the kernel whether it supports <paramref name="opcode"/> (IORING_REGISTER_PROBE). Any thread; used once
    /// per process to check FUTEX_WAIT, which the one-wait idle loop needs.
    /// </summary>
    public bool Supports(IoUringOp opcode)
    {
        // struct io_uring_probe: last_op, ops_len, resv, resv2[3] (16 bytes), then 8-byte io_uring_probe_op entries
        // {op, resv, flags (IO_URING_OP_SUPPORTED = 1), resv2}.
        const int ops = 256;
        byte* probe = stackalloc byte[16 + (ops * 8)];
        new Span<byte>(probe, 16 + (ops * 8)).Clear();
        if (Kernel.IoUringRegister(_fd, (uint)IoUringRegister.Probe, probe, ops) < 0)
        {
            return false;
        }

        byte lastOp = probe[0];
        return (byte)opcode <= lastOp && (*(ushort*)(probe + 16 + ((byte)opcode * 8) + 2) & 1) != 0;
    }
}
