using Lwkt.Runtime.IoUring;

namespace Lwkt.Runtime.Messaging;

/// <summary>close as a system call message (IORING_OP_CLOSE) of a raw descriptor the caller owns and gives up.</summary>
public sealed class CloseCall(int fd) : KernelCall
{
    /// <summary>The descriptor to close.</summary>
    public int Descriptor { get; } = fd;

    internal override unsafe void Prepare(Sqe* sqe, KernelTimespec* scratch)
    {
        sqe->Opcode = IoUringOp.Close;
        sqe->Fd = Descriptor;
    }

    // close is never retried on EINTR: on Linux the descriptor is released either way.
    private protected override long RunBlocking() => Kernel.Close(Descriptor);
}
