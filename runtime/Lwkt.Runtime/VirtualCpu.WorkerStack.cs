using System.Runtime.CompilerServices;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    /// <summary>
    /// The worker's stack size. Every LWKT thread of this CPU runs on it (threads are coroutines resumed by the worker),
    /// so the part of it below the worker's entry frame is where this CPU's running thread calls from.
    /// </summary>
    private const int WorkerStackBytes = 256 * 1024;

    /// <summary>
    /// How far below <see cref="_stackTop"/> a caller still counts as running on this worker: half the stack, so the
    /// window lies inside the worker's stack mapping whatever sits above the entry frame (thread start frames, the
    /// thread's static TLS). A caller deeper than that is found through the thread-static read instead.
    /// </summary>
    internal const nuint StackWindowBytes = WorkerStackBytes / 2;

    /// <summary>
    /// An address in the worker's entry frame, written by the worker when its scheduler loop starts and set to 0 before
    /// it leaves (so a later thread that reuses the stack memory is never taken for this CPU); 0 in a deterministic run,
    /// whose CPUs all step on one OS thread, and 0 while such a run is driven on this worker's stack. Read by any thread.
    /// </summary>
    internal nuint _stackTop;

    /// <summary>Records the worker's stack (caller: <see cref="WorkerMain"/>, on the worker, before the scheduler loop).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private unsafe void EnterWorkerStack()
    {
        byte entryFrame = 0;
        Volatile.Write(ref _stackTop, (nuint)(&entryFrame));
    }

    /// <summary>Forgets the worker's stack (caller: <see cref="WorkerMain"/>, on the worker, after the scheduler loop).</summary>
    private void LeaveWorkerStack() => Volatile.Write(ref _stackTop, 0);

    /// <summary>
    /// Hides the calling worker's window while a deterministic run is driven on its stack (<see cref="LwktRuntime.Drive"/>,
    /// e.g. disposing that run from an LWKT thread): the steps run the run's threads there with <c>t_cpu</c> set to
    /// their CPU, so this worker's current thread is not the caller. Returns the worker and its top for
    /// <see cref="ShowWorkerStack"/>; (null, 0) when the caller is no worker.
    /// </summary>
    internal static (VirtualCpu? Worker, nuint Top) HideWorkerStack()
    {
        VirtualCpu? worker = t_cpu;
        if (worker is null || worker._stackTop == 0)
        {
            return (null, 0);
        }

        nuint top = worker._stackTop;
        Volatile.Write(ref worker._stackTop, 0);
        return (worker, top);
    }

    /// <summary>Gives back a window taken by <see cref="HideWorkerStack"/>.</summary>
    internal static void ShowWorkerStack((VirtualCpu? Worker, nuint Top) hidden)
    {
        if (hidden.Worker is VirtualCpu worker)
        {
            Volatile.Write(ref worker._stackTop, hidden.Top);
        }
    }

    /// <summary>
    /// This CPU's running thread when the caller runs on this CPU's worker stack, else null (lwkt: <c>curthread</c>
    /// through <c>mycpu</c>; Linux found <c>current</c> from the stack pointer the same way). The caller's stack
    /// pointer lies in the window only on this worker, where <c>t_cpu</c> is this CPU, so a non-null answer is exactly
    /// what <see cref="CurrentThreadOrNull"/> returns, without its thread-static read (a <c>__tls_get_addr</c> call and
    /// four dependent loads). Any thread may call it with any CPU: a caller elsewhere gets null and asks the thread-static.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal unsafe LwktThread? CurrentIfOnItsStack()
    {
        byte callerFrame = 0;
        // One unsigned compare: an address above the top, or a top of 0, wraps to a huge distance.
        return _stackTop - (nuint)(&callerFrame) < StackWindowBytes ? _core.Current : null;
    }
}
