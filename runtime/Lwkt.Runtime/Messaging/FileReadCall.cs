using Microsoft.Win32.SafeHandles;

namespace Lwkt.Runtime.Messaging;

/// <summary>pread as a system call message; <see cref="Message.Result"/> is the number of bytes read.</summary>
internal sealed class FileReadCall(SafeFileHandle handle, Memory<byte> buffer, long fileOffset) : SystemCallMessage
{
    protected override int Execute()
    {
        Result = RandomAccess.Read(handle, buffer.Span, fileOffset);
        return MessageError.None;
    }
}
