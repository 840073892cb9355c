namespace Lwkt.Runtime.Messaging;

/// <summary>Any blocking delegate as a system call message; its return value is kept in <see cref="Value"/>.</summary>
internal sealed class DelegateCall<T>(Func<T> call) : SystemCallMessage
{
    public T? Value { get; private set; }

    protected override int Execute()
    {
        Value = call();
        return MessageError.None;
    }
}
