using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    /// <summary>
    /// The worker's stack size. Every LWKT thread of this CPU runs on it (threads are coroutines resumed by the worker),
    /// so the part of it below the worker's entry frame is where this CPU's running thread calls from.
    /// </summary>
    private const int WorkerStackBytes = 256 * 1024;

    /// <summary>
    /// How far below <see cref="StackTop"/> a caller still counts as running on this worker: half the stack, so the
    /// window lies inside the worker's stack mapping whatever sits above the entry frame (thread start frames, the
    /// thread's static TLS). A caller deeper than that is found through the thread-static read instead.
    /// </summary>
    internal const nuint StackWindowBytes = WorkerStackBytes / 2;

    /// <summary>
    /// An address in the worker's entry frame, written by the worker when its scheduler loop starts and set to 0 before
    /// it leaves (so a later thread that reuses the stack memory is never taken for this CPU); 0 in a deterministic run,
    /// whose CPUs all step on one OS thread, and 0 while such a run is driven on this worker's stack. Read by every caller
    /// whose stack address maps to this CPU's table slot (<see cref="OnWorkerStack"/>), so it sits on a slot of its own
    /// (<see cref="StackTopSlot"/>).
    /// </summary>
    private StackTopSlot _stack;

    /// <summary>The worker's stack top (see <see cref="_stack"/>).</summary>
    internal nuint StackTop
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _stack.Top;
    }

    /// <summary>
    /// Slots of <see cref="s_byStack"/>: a power of two. Worker stacks are separate mappings at least
    /// <see cref="WorkerStackBytes"/> apart, each window covering at most two consecutive slots, so the workers of a
    /// process land on distinct slots until their stacks span <c>WindowSlots</c> × 128 KB (32 MB, over a hundred
    /// workers); a worker whose slot is taken is found through the thread-static read instead.
    /// </summary>
    private const int WindowSlots = 256;

    /// <summary>
    /// The live workers of every runtime in the process, indexed by an address of their stack window divided by
    /// <see cref="StackWindowBytes"/> (modulo <see cref="WindowSlots"/>): the lookup of <see cref="OnWorkerStack"/>,
    /// which has no CPU to start from. Written under <see cref="s_byStackLock"/> when a worker enters or leaves its
    /// stack; read by anyone without a lock. An entry is only a candidate: the reader checks the caller's stack
    /// pointer against that CPU's live <see cref="StackTop"/>, which its worker clears before it leaves.
    /// </summary>
    private static readonly VirtualCpu?[] s_byStack = new VirtualCpu?[WindowSlots];

    private static readonly Lock s_byStackLock = new();

    /// <summary>
    /// Records the worker's stack and enters it in <see cref="s_byStack"/> (caller: <see cref="WorkerMain"/>, on the
    /// worker, before the scheduler loop).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private unsafe void EnterWorkerStack()
    {
        byte entryFrame = 0;
        nuint top = (nuint)(&entryFrame);
        Volatile.Write(ref _stack.Top, top);
        lock (s_byStackLock)
        {
            // The window [top - StackWindowBytes, top) spans these two slots (one when the top is aligned).
            ClaimSlot(SlotOf(top - StackWindowBytes));
            ClaimSlot(SlotOf(top - 1));
        }
    }

    /// <summary>
    /// Forgets the worker's stack: the top first, so a reader holding this CPU from the table no longer matches, then
    /// its slots (caller: <see cref="WorkerMain"/>, on the worker, after the scheduler loop).
    /// </summary>
    private void LeaveWorkerStack()
    {
        Volatile.Write(ref _stack.Top, 0);
        lock (s_byStackLock)
        {
            for (int i = 0; i < s_byStack.Length; i++)
            {
                if (s_byStack[i] == this)
                {
                    s_byStack[i] = null;
                }
            }
        }
    }

    /// <summary>Takes a slot unless a live worker holds it (first come; caller holds <see cref="s_byStackLock"/>).</summary>
    private void ClaimSlot(int slot)
    {
        if (s_byStack[slot] is not { StackTop: not 0 })
        {
            Volatile.Write(ref s_byStack[slot], this);
        }
    }

    /// <summary>
    /// True when a table slot of this CPU's window is held by another CPU's live worker, so that
    /// <see cref="OnWorkerStack"/> answers null here by design (tests; racy).
    /// </summary>
    internal bool WindowSlotHeldByAnother()
    {
        nuint top = StackTop;
        return top != 0
            && (Volatile.Read(ref s_byStack[SlotOf(top - StackWindowBytes)]) is { } low && low != this
                || Volatile.Read(ref s_byStack[SlotOf(top - 1)]) is { } high && high != this);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SlotOf(nuint address) => (int)(address / StackWindowBytes) & (WindowSlots - 1);

    /// <summary>
    /// The CPU whose worker the caller runs on, found from the caller's stack pointer alone, else null (lwkt:
    /// <c>mycpu</c>; Linux once found <c>current</c> from the stack pointer the same way): the lookup of the running
    /// thread for preemption points and token operations (<see cref="LwktThread.MaybeYieldAsync"/>,
    /// <see cref="LwktThread.AcquireExclusiveToken"/>). One load of the table slot and one unsigned compare of the
    /// caller's distance below that CPU's live <see cref="StackTop"/>, no thread-static read (a <c>__tls_get_addr</c>
    /// call and four dependent loads). A non-null answer is exactly <c>t_cpu</c> (the window is the worker's own
    /// stack); null for a caller off the workers, deeper than the window, on a worker whose slot another holds, or on a
    /// worker's stack while a deterministic run is driven there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [SkipLocalsInit]
    internal static unsafe VirtualCpu? OnWorkerStack()
    {
        // Only the local's address is used, never its value: left unzeroed (SkipLocalsInit; each inlined copy stored
        // the zero twice, the initializer and the inlinee's local init, on every token operation and preemption point).
        byte callerFrame;
        nuint sp = (nuint)(&callerFrame);
        // SlotOf masks the index below WindowSlots, the table's length: read without the bounds check (the tier-1 code
        // compared the masked index with 256 and branched to a range-check throw on every preemption point).
        VirtualCpu? cpu = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(s_byStack), SlotOf(sp));
        // One unsigned compare: an address above the top, or a top of 0, wraps to a huge distance.
        return cpu is not null && cpu.StackTop - sp < StackWindowBytes ? cpu : null;
    }

    /// <summary>
    /// Hides the calling worker's window while a deterministic run is driven on its stack (<see cref="LwktRuntime.Drive"/>,
    /// e.g. disposing that run from an LWKT thread): the steps run the run's threads there with <c>t_cpu</c> set to
    /// their CPU, so this worker's current thread is not the caller. Returns the worker and its top for
    /// <see cref="ShowWorkerStack"/>; (null, 0) when the caller is no worker.
    /// </summary>
    internal static (VirtualCpu? Worker, nuint Top) HideWorkerStack()
    {
        VirtualCpu? worker = t_cpu;
        if (worker is null || worker.StackTop == 0)
        {
            return (null, 0);
        }

        nuint top = worker.StackTop;
        Volatile.Write(ref worker._stack.Top, 0);
        return (worker, top);
    }

    /// <summary>Gives back a window taken by <see cref="HideWorkerStack"/>.</summary>
    internal static void ShowWorkerStack((VirtualCpu? Worker, nuint Top) hidden)
    {
        if (hidden.Worker is VirtualCpu worker)
        {
            Volatile.Write(ref worker._stack.Top, hidden.Top);
        }
    }

    /// <summary>
    /// The stack top on a 128-byte slot of its own, as <see cref="CpuShared"/> places its groups: a caller off this
    /// worker whose stack address maps to this CPU's table slot reads it, and the worker's own writes (its current thread at every
    /// switch, its counters) must not invalidate that line. As a plain field the tier-1 code read it at offset 0x20 of
    /// the CPU and <c>_core.Current</c> at 0x30: one line, written by the worker at every switch.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 2 * 128)]
    internal struct StackTopSlot
    {
        [FieldOffset(128)]
        public nuint Top;
    }
}
