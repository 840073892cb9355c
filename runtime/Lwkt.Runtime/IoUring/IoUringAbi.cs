using System.Runtime.InteropServices;

namespace Lwkt.Runtime.IoUring;

/// <summary>
/// The io_uring ABI this runtime uses, from the Linux UAPI header <c>include/uapi/linux/io_uring.h</c>: constants and
/// the shared structures, laid out byte for byte (checked against the header with <c>offsetof</c>: params 120 bytes,
/// sq_off at 40, cq_off at 80; SQE 64 bytes with fd at 4, off/addr2 at 8, addr at 16, len at 24, op flags at 28,
/// user_data at 32, file_index at 44, addr3 at 48; CQE 16 bytes with res at 8; getevents_arg 24 bytes with ts at 16).
/// </summary>
internal static class IoUringAbi
{
    /// <summary>AT_FDCWD: openat relative to the current directory (absolute paths ignore it).</summary>
    public const int AtFdCwd = -100;

    /// <summary>FUTEX_BITSET_MATCH_ANY: the futex wait's bitset mask (sqe->addr3) that any wake matches.</summary>
    public const ulong FutexBitsetMatchAny = 0xffffffff;
}

/// <summary>
/// The opcodes this runtime submits (enum io_uring_op; sqe->opcode). FUTEX_WAIT follows SENDMSG_ZC (48),
/// READ_MULTISHOT (49) and WAITID (50): 51, since Linux 6.7.
/// </summary>
internal enum IoUringOp : byte
{
    Nop = 0,
    Fsync = 3,
    Timeout = 11,
    AsyncCancel = 14,
    OpenAt = 18,
    Close = 19,
    Read = 22,
    Write = 23,
    FutexWait = 51,
}

/// <summary>io_uring_setup flags (IORING_SETUP_*; io_uring_params.flags).</summary>
[Flags]
internal enum IoUringSetup : uint
{
    CqSize = 1U << 3,
    SubmitAll = 1U << 7,
    CoopTaskrun = 1U << 8,
    TaskrunFlag = 1U << 9,
    SingleIssuer = 1U << 12,
    DeferTaskrun = 1U << 13,
}

/// <summary>What the kernel's io_uring offers (IORING_FEAT_*; io_uring_params.features).</summary>
[Flags]
internal enum IoUringFeatures : uint
{
    SingleMmap = 1U << 0,
    NoDrop = 1U << 1,
    ExtArg = 1U << 8,
}

/// <summary>The mmap offsets of the rings (IORING_OFF_*).</summary>
internal enum IoUringMmapOffset : long
{
    SqRing = 0,
    Sqes = 0x10000000,
}

/// <summary>The shared SQ ring's flags word (IORING_SQ_*; sq_ring->flags).</summary>
[Flags]
internal enum IoUringSqFlags : uint
{
    CqOverflow = 1U << 1,
    Taskrun = 1U << 2,
}

/// <summary>io_uring_enter flags (IORING_ENTER_*).</summary>
[Flags]
internal enum IoUringEnter : uint
{
    GetEvents = 1U << 0,
    ExtArg = 1U << 3,
}

/// <summary>A timeout's flags (IORING_TIMEOUT_*; sqe->timeout_flags, the op_flags word).</summary>
[Flags]
internal enum IoUringTimeoutFlags : uint
{
    Absolute = 1U << 0,
}

/// <summary>A cancel's flags (IORING_ASYNC_CANCEL_*; sqe->cancel_flags, the op_flags word).</summary>
[Flags]
internal enum IoUringCancelFlags : uint
{
    All = 1U << 0,
    Any = 1U << 2,
}

/// <summary>futex2 flags for IORING_OP_FUTEX_WAIT (sqe->fd): the word's size and privacy (FUTEX2_*).</summary>
[Flags]
internal enum Futex2Flags : uint
{
    SizeU32 = 0x02,
    Private = 128,
}

/// <summary>io_uring_register opcodes (IORING_REGISTER_*).</summary>
internal enum IoUringRegister : uint
{
    Probe = 8,
}

/// <summary>struct io_sqring_offsets (40 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SqRingOffsets
{
    public uint Head;
    public uint Tail;
    public uint RingMask;
    public uint RingEntries;
    public uint Flags;
    public uint Dropped;
    public uint Array;
    public uint Resv1;
    public ulong UserAddr;
}

/// <summary>struct io_cqring_offsets (40 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CqRingOffsets
{
    public uint Head;
    public uint Tail;
    public uint RingMask;
    public uint RingEntries;
    public uint Overflow;
    public uint Cqes;
    public uint Flags;
    public uint Resv1;
    public ulong UserAddr;
}

/// <summary>struct io_uring_params (120 bytes): in with the flags and sizes, out with the features and offsets.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoUringParams
{
    public uint SqEntries;
    public uint CqEntries;
    public IoUringSetup Flags;
    public uint SqThreadCpu;
    public uint SqThreadIdle;
    public IoUringFeatures Features;
    public uint WqFd;
    public fixed uint Resv[3];
    public SqRingOffsets SqOff;
    public CqRingOffsets CqOff;
}

/// <summary>struct io_uring_sqe (64 bytes), with the union members this runtime uses named by their offset's role.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct Sqe
{
    [FieldOffset(0)] public IoUringOp Opcode;
    [FieldOffset(1)] public byte Flags;
    [FieldOffset(2)] public ushort IoPrio;
    [FieldOffset(4)] public int Fd;

    /// <summary>off (file offset), addr2 (futex value), or the timeout's completion count.</summary>
    [FieldOffset(8)] public ulong Off;

    /// <summary>addr: buffer, path, timespec, futex word, or the user_data a cancel targets.</summary>
    [FieldOffset(16)] public ulong Addr;
    [FieldOffset(24)] public uint Len;

    /// <summary>rw_flags / fsync_flags / timeout_flags / cancel_flags / open_flags / futex_flags.</summary>
    [FieldOffset(28)] public uint OpFlags;
    [FieldOffset(32)] public ulong UserData;
    [FieldOffset(40)] public ushort BufIndex;
    [FieldOffset(42)] public ushort Personality;
    [FieldOffset(44)] public uint FileIndex;

    /// <summary>addr3: the futex wait's bitset mask.</summary>
    [FieldOffset(48)] public ulong Addr3;
    [FieldOffset(56)] public ulong Pad;
}

/// <summary>struct io_uring_cqe (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Cqe
{
    public ulong UserData;
    public int Res;
    public uint Flags;
}

/// <summary>struct __kernel_timespec (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct KernelTimespec
{
    public long Seconds;
    public long Nanoseconds;

    public static KernelTimespec FromNanoseconds(long ns) => new()
    {
        Seconds = ns / 1_000_000_000,
        Nanoseconds = ns % 1_000_000_000,
    };
}

/// <summary>struct io_uring_getevents_arg (24 bytes): io_uring_enter's argument with IORING_ENTER_EXT_ARG.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GetEventsArg
{
    public ulong SigMask;
    public uint SigMaskSize;
    public uint MinWaitMicroseconds;
    public ulong Timespec;
}
