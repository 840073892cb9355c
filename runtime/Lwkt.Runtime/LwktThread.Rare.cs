namespace Lwkt.Runtime;

public sealed partial class LwktThread
{
    /// <summary>
    /// The fields few threads ever use, in an object of their own created on first use: a thread that faults, migrates
    /// on request, is woken from another CPU, joins another, or gets a continuation posted while busy. A parked thread is a fixed cost per thread
    /// (a million of them in the spawn workload's memory cell), and none of these is on a switch's path: every hot
    /// check of them is one load of <see cref="_rare"/>, null for most threads.
    /// </summary>
    private RareState? _rare;

    /// <summary>The side object, created on first use. Caller: the owner CPU (or the thread itself) for every field.</summary>
    private RareState Rare => _rare ??= new RareState();

    private sealed class RareState
    {
        /// <summary>The exception that ended the body. Written before the exit publishes the joiner slot.</summary>
        public Exception? Fault;

        /// <summary>Continuations posted while the thread was not in a foreign wait; touched only on its owner CPU.</summary>
        public Queue<PostedResume>? LaterPosts;

        /// <summary>Set by <see cref="SetCpuAsync"/>; the scheduler sends the thread once it is off the CPU.</summary>
        public VirtualCpu? MigrateTo;

        /// <summary>The thread this one is blocked joining; its fault is rethrown when the join returns.</summary>
        public LwktThread? JoinTarget;

        /// <summary>The join rethrows the target's fault as is (<see cref="JoinRethrowingAsIsAsync"/>), not wrapped.</summary>
        public bool JoinRethrowsAsIs;

        /// <summary>The CPU whose threads woke this one last from another CPU (wake affinity, VirtualCpu.Placement.cs).</summary>
        public VirtualCpu? RemoteWaker;

        /// <summary>Wakes in a row from <see cref="RemoteWaker"/> while this thread lived on another CPU.</summary>
        public int RemoteWakes;

        /// <summary>Consecutive failures to take the whole token set (<see cref="Contended"/>).</summary>
        public int TokenContended;

        /// <summary>Link of a token's waiter list (<see cref="TokenWaitNext"/>).</summary>
        public LwktThread? TokenWaitNext;

        /// <summary>Woken from a token's waiter list (<see cref="TokenWoken"/>).</summary>
        public bool TokenWoken;

        /// <summary>Set around a sysport call's wait, only when that planted bug is on (<see cref="PlantedSysPortWait"/>).</summary>
        public bool PlantedSysPortWait;
    }
}
