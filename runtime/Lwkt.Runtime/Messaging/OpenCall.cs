using System.Runtime.InteropServices;
using Lwkt.Runtime.IoUring;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// open as a system call message (IORING_OP_OPENAT, relative to the current directory): <see cref="Message.Result"/>
/// is the new descriptor (close-on-exec). <paramref name="flags"/> are Linux open(2) flags (the constants below);
/// <paramref name="mode"/> the permission bits of a created file.
/// </summary>
public sealed class OpenCall(string path, int flags, int mode = 0x1a4) : KernelCall
{
    /// <summary>O_RDONLY.</summary>
    public const int ReadOnly = 0;

    /// <summary>O_WRONLY.</summary>
    public const int WriteOnly = 1;

    /// <summary>O_RDWR.</summary>
    public const int ReadWrite = 2;

    /// <summary>O_CREAT (0100 octal, the same on x86_64 and arm64).</summary>
    public const int Create = 0x40;

    /// <summary>O_EXCL.</summary>
    public const int Exclusive = 0x80;

    /// <summary>O_TRUNC.</summary>
    public const int Truncate = 0x200;

    /// <summary>O_CLOEXEC, always added: a descriptor opened by the runtime never leaks into a child process.</summary>
    private const int CloseOnExec = 0x80000;

    private nint _path;

    /// <summary>The path to open.</summary>
    public string Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    internal override unsafe void Prepare(Sqe* sqe, KernelTimespec* scratch)
    {
        sqe->Opcode = IoUringOp.OpenAt;
        sqe->Fd = IoUringAbi.AtFdCwd;
        sqe->Addr = (ulong)NativePath();
        sqe->Len = (uint)mode;
        sqe->OpFlags = (uint)(flags | CloseOnExec);
    }

    private protected override unsafe long RunBlocking()
    {
        int fd;
        while ((fd = Kernel.OpenAt(IoUringAbi.AtFdCwd, (byte*)NativePath(), flags | CloseOnExec, mode)) == -Kernel.Eintr)
        {
        }

        return fd;
    }

    private protected override void ReleaseResources()
    {
        Marshal.FreeCoTaskMem(_path);
        _path = 0;
    }

    /// <summary>The path as a NUL-terminated UTF-8 string in native memory, freed at completion.</summary>
    private nint NativePath() => _path = Marshal.StringToCoTaskMemUTF8(Path);
}
