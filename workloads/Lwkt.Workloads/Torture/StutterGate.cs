using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// locktorture's stutter: the control pauses every stress thread, then resumes them all with one wakeup of an event of
/// the runtime under test (so a pause is also a lost-wakeup test: the watchdog bounds it).
/// </summary>
internal sealed class StutterGate(RtEvent resumed)
{
    private int _paused;

    /// <summary>True while paused.</summary>
    public bool Paused => Volatile.Read(ref _paused) != 0;

    /// <summary>The event the paused threads wait on.</summary>
    public RtEvent Event { get; } = resumed;

    /// <summary>Stress threads stop at their next loop top.</summary>
    public void Pause() => Volatile.Write(ref _paused, 1);

    /// <summary>Lets them go: the flag first, then the wakeup, so a thread that saw the flag set also sees the event move.</summary>
    public void Resume()
    {
        Volatile.Write(ref _paused, 0);
        Event.WakeAll();
    }
}
