using System.Runtime.InteropServices;

namespace Lwkt.Runtime.IoUring;

/// <summary>
/// The raw Linux system calls the io_uring layer and the sysport's fallback threads make, through libc (no native
/// library of our own). io_uring and futex have no glibc wrappers, so they go through <c>syscall(2)</c> with a fixed
/// six-argument signature (on x86_64 and arm64 the integer registers are the same as for the variadic call). Every
/// method returns the kernel's result: non-negative on success, <c>-errno</c> on failure.
/// </summary>
internal static unsafe partial class Kernel
{
    public const int Eagain = 11;
    public const int Eintr = 4;
    public const int Etimedout = 110;
    public const int Ecanceled = 125;
    public const int Etime = 62;
    public const int Enosys = 38;

    // io_uring_setup/enter/register are 425..427 in every architecture's table (they were added after the unification).
    private const nint SysIoUringSetup = 425;
    private const nint SysIoUringEnter = 426;
    private const nint SysIoUringRegister = 427;

    /// <summary>SYS_futex: 98 in the generic table used by arm64, 202 on x86_64.</summary>
    private static readonly nint s_sysFutex = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 98 : 202;

    private const int FutexWaitBitsetPrivate = 9 | 128;
    private const int FutexWakePrivate = 1 | 128;
    private const int FutexBitsetMatchAny = -1;

    private const int ProtRead = 1, ProtWrite = 2, MapSharedFlag = 1, MapPopulate = 0x8000;

    /// <summary>True where these system call numbers are known: Linux on x86_64 or arm64.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    public static int IoUringSetup(uint entries, IoUringParams* p) => (int)Result(Syscall(SysIoUringSetup, (nint)entries, (nint)p, 0, 0, 0, 0));

    public static int IoUringEnter(int fd, uint toSubmit, uint minComplete, uint flags, void* arg, nint argSize) =>
        (int)Result(Syscall(SysIoUringEnter, fd, (nint)toSubmit, (nint)minComplete, (nint)flags, (nint)arg, argSize));

    public static int IoUringRegister(int fd, uint opcode, void* arg, uint count) =>
        (int)Result(Syscall(SysIoUringRegister, fd, (nint)opcode, (nint)arg, (nint)count, 0, 0));

    /// <summary>
    /// FUTEX_WAIT_BITSET_PRIVATE on CLOCK_MONOTONIC: sleeps while <c>*word == expected</c>, until a wake or the absolute
    /// <paramref name="deadlineNs"/> (negative: none). Returns 0 (woken, or a spurious return), -EAGAIN (the word had
    /// changed), -EINTR, or -ETIMEDOUT; callers re-check their condition.
    /// </summary>
    public static int FutexWait(int* word, int expected, long deadlineNs)
    {
        KernelTimespec ts = KernelTimespec.FromNanoseconds(Math.Max(0, deadlineNs));
        return (int)Result(Syscall(s_sysFutex, (nint)word, FutexWaitBitsetPrivate, expected,
            deadlineNs < 0 ? 0 : (nint)(&ts), 0, FutexBitsetMatchAny));
    }

    /// <summary>FUTEX_WAKE_PRIVATE: wakes up to <paramref name="count"/> waiters of <paramref name="word"/>.</summary>
    public static int FutexWake(int* word, int count) => (int)Result(Syscall(s_sysFutex, (nint)word, FutexWakePrivate, count, 0, 0, 0));

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="fd"/> at <paramref name="offset"/> shared, read-write, populated.</summary>
    public static void* MapShared(int fd, nuint length, long offset)
    {
        void* p = Mmap(null, length, ProtRead | ProtWrite, MapSharedFlag | MapPopulate, fd, offset);
        return p == (void*)-1 ? null : p;
    }

    public static int Unmap(void* address, nuint length) => (int)Result(Munmap(address, length));

    public static int Close(int fd) => (int)Result(CloseFd(fd));

    public static long PRead(int fd, byte* buffer, nuint count, long offset) => Result(Pread(fd, buffer, count, offset));

    public static long PWrite(int fd, byte* buffer, nuint count, long offset) => Result(Pwrite(fd, buffer, count, offset));

    public static int FSync(int fd) => (int)Result(Fsync(fd));

    public static int OpenAt(int dirFd, byte* path, int flags, int mode) => (int)Result(Openat(dirFd, path, flags, mode));

    /// <summary>Turns libc's -1/errno convention into the kernel's -errno.</summary>
    private static long Result(nint value) => value >= 0 ? value : -Marshal.GetLastPInvokeError();

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial nint Syscall(nint number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int Munmap(void* address, nuint length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseFd(int fd);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint Pread(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    private static partial nint Pwrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    private static partial int Openat(int dirFd, byte* path, int flags, int mode);
}
