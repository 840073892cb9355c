namespace Lwkt.Runtime.Messaging;

/// <summary>nanosleep as a system call message: sleeps until an absolute CLOCK_MONOTONIC deadline.</summary>
internal sealed class NanosleepCall(long deadline) : SystemCallMessage
{
    protected override int Execute()
    {
        MonotonicClock.SleepUntil(deadline);
        return MessageError.None;
    }
}
