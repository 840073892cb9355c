namespace Lwkt.Runtime;

/// <summary>
/// Wake affinity: where a woken thread runs. A thread that a thread of another CPU keeps waking is moved by its own CPU
/// to the waker's CPU, so two threads that message each other end up on one CPU and hand off there instead of crossing
/// CPUs at every message (Go: a woken goroutine goes to the waker's runnext; DragonFly keeps the owner the only one who
/// moves its threads, and so does this rule). docs/scheduler.md, "Placement".
/// </summary>
public sealed partial class VirtualCpu
{
    /// <summary>
    /// Wakes in a row by one other CPU before the woken thread moves there. One wake is not a conversation: a thread
    /// woken now and then from elsewhere (a timer of another CPU, a reply to a one-off request) stays put. Four is the
    /// fewest that made the pipeline's four alternately spawned stages settle on one CPU within the first window of
    /// messages without moving the server of a pair that talks to clients on both CPUs at every other wake.
    /// </summary>
    internal const int WakeAffinityStreak = 4;

    private Action<object?, long>? _wakeFromHere;

    /// <summary>
    /// The IPI handler of a wake sent from this CPU (<see cref="LwktThread.WakeRemote"/> bound to this CPU as the waker):
    /// it runs on the woken thread's CPU and knows where the wake came from. Created on first use by this CPU's worker.
    /// </summary>
    internal Action<object?, long> WakeFromHere => _wakeFromHere ??= (arg, arg2) => LwktThread.WakeRemote(this, arg, arg2);

    /// <summary>
    /// The wake-affinity rule, for <paramref name="td"/>, blocked on this CPU and being woken by <paramref name="waker"/>:
    /// true when this CPU should move it to the waker's CPU instead of waking it here. It moves when it is not pinned,
    /// not on one of this CPU's sleep queues, the waker's CPU has woken it <see cref="WakeAffinityStreak"/> times in a
    /// row (<see cref="AffineStreak"/> times when it is wake-affine here already), and the waker's CPU has at most one
    /// movable thread queued more than this CPU has threads queued (a conversation is not moved behind CPU-bound
    /// threads it would wait for). Caller: this CPU's worker, in the wake's IPI handler.
    /// </summary>
    internal bool MovesTowardWaker(LwktThread td, VirtualCpu waker) =>
        !td.IsPinned && !td._sleepQueued && td.CountRemoteWake(waker, td._wakeAffine ? AffineStreak : WakeAffinityStreak)
        && waker.MovableCount <= _core.RunQueue.Count + 1;

    /// <summary>
    /// The streak that moves a thread that is wake-affine where it is: longer, so that a partner an idle CPU pulled away
    /// comes back (after <see cref="WakeAffinityStreak"/> wakes) before it drags the affine thread along, and yet a thread
    /// whose partners have all settled elsewhere follows them (a ring split 3 + 1 with every stage affine stayed split).
    /// </summary>
    internal const int AffineStreak = 4 * WakeAffinityStreak;

    /// <summary>
    /// Sends <paramref name="td"/>, woken (state Runnable, result set) and not queued, to <paramref name="waker"/>'s CPU
    /// as wake-affine: work requests leave it there until it yields (<see cref="LwktThread._wakeAffine"/>).
    /// </summary>
    internal void GiveAwayWoken(LwktThread td, VirtualCpu waker)
    {
        td._wakeAffine = true;
        GiveAway(td, waker);
    }
}
