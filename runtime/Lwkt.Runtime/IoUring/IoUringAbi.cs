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
    // Opcodes (enum io_uring_op). FUTEX_WAIT follows SENDMSG_ZC (48), READ_MULTISHOT (49) and WAITID (50): 51, since 6.7.
    public const byte OpNop = 0;
    public const byte OpFsync = 3;
    public const byte OpTimeout = 11;
    public const byte OpAsyncCancel = 14;
    public const byte OpOpenAt = 18;
    public const byte OpClose = 19;
    public const byte OpRead = 22;
    public const byte OpWrite = 23;
    public const byte OpFutexWait = 51;

    // io_uring_setup flags.
    public const uint SetupCqSize = 1U << 3;
    public const uint SetupSubmitAll = 1U << 7;
    public const uint SetupCoopTaskrun = 1U << 8;
    public const uint SetupTaskrunFlag = 1U << 9;
    public const uint SetupSingleIssuer = 1U << 12;
    public const uint SetupDeferTaskrun = 1U << 13;

    // io_uring_params.features.
    public const uint FeatSingleMmap = 1U << 0;
    public const uint FeatNoDrop = 1U << 1;
    public const uint FeatExtArg = 1U << 8;

    // mmap offsets.
    public const long OffSqRing = 0;
    public const long OffSqes = 0x10000000;

    // sq_ring->flags.
    public const uint SqCqOverflow = 1U << 1;
    public const uint SqTaskrun = 1U << 2;

    // io_uring_enter flags.
    public const uint EnterGetEvents = 1U << 0;
    public const uint EnterExtArg = 1U << 3;

    // sqe->timeout_flags and sqe->cancel_flags.
    public const uint TimeoutAbsolute = 1U << 0;
    public const uint CancelAll = 1U << 0;
    public const uint CancelAny = 1U << 2;

    // futex2 flags for FUTEX_WAIT (sqe->fd): a 32-bit, process-private word.
    public const uint Futex2SizeU32 = 0x02;
    public const uint Futex2Private = 128;
    public const ulong FutexBitsetMatchAny = 0xffffffff;

    /// <summary>AT_FDCWD: openat relative to the current directory (absolute paths ignore it).</summary>
    public const int AtFdCwd = -100;

    // io_uring_register opcodes.
    public const uint RegisterProbe = 8;
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
    public uint Flags;
    public uint SqThreadCpu;
    public uint SqThreadIdle;
    public uint Features;
    public uint WqFd;
    public fixed uint Resv[3];
    public SqRingOffsets SqOff;
    public CqRingOffsets CqOff;
}

/// <summary>struct io_uring_sqe (64 bytes), with the union members this runtime uses named by their offset's role.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct Sqe
{
    [FieldOffset(0)] public byte Opcode;
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
