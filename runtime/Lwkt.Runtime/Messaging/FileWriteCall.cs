using Microsoft.Win32.SafeHandles;

namespace Lwkt.Runtime.Messaging;

/// <summary>pwrite as a system call message: writes the whole buffer; <see cref="Message.Result"/> is its length.</summary>
internal sealed class FileWriteCall(SafeFileHandle handle, ReadOnlyMemory<byte> buffer, long fileOffset) : SystemCallMessage
{
    protected override int Execute()
    {
        RandomAccess.Write(handle, buffer.Span, fileOffset);
        Result = buffer.Length;
        return MessageError.None;
    }
}
