using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Catalog;

/// <summary>
/// The shadow state a lock protects, padded to 128 bytes: an owner word and a plain (non-atomic) counter. A
/// thread entering a critical section checks that nobody owns it and claims it; leaving, it checks it still
/// owns it. A lock that lets two threads in shows up as an owner clash and as lost counter updates
/// (locktorture's <c>lock_is_write_held</c>, libslock's counter check).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct GuardedCell
{
    /// <summary>0 when free, else the owning thread's index + 1. Volatile accesses keep the JIT from folding the checks.</summary>
    [FieldOffset(64)]
    public int Owner;

    /// <summary>
    /// The CPU of the last holder that noted its CPU (<see cref="NoteCpu"/>), + 1 (0: none yet). On the same cache
    /// line as <see cref="Owner"/> and <see cref="Count"/>, which the holder has just written: noting costs no extra line
    /// transfer between CPUs.
    /// </summary>
    [FieldOffset(68)]
    public int LastCpu;

    /// <summary>Incremented with a plain read-modify-write inside the critical section.</summary>
    [FieldOffset(72)]
    public long Count;

    /// <summary>Holders that found the previous holder on another CPU (<see cref="NoteCpu"/>): the lock's data crossed CPUs.</summary>
    [FieldOffset(80)]
    public long CpuChanges;

    /// <summary>Claims the cell for <paramref name="thread"/>; reports a clash if another thread holds it.</summary>
    public static void Enter(ref GuardedCell cell, int thread, IterationContext context, string what)
    {
        int owner = Volatile.Read(ref cell.Owner);
        if (owner != 0)
        {
            context.Violation($"{what}: thread {thread} entered while thread {owner - 1} was inside");
        }

        Volatile.Write(ref cell.Owner, thread + 1);
    }

    /// <summary>Releases the claim; reports a clash if another thread claimed the cell meanwhile.</summary>
    public static void Exit(ref GuardedCell cell, int thread, IterationContext context, string what)
    {
        int owner = Volatile.Read(ref cell.Owner);
        if (owner != thread + 1)
        {
            context.Violation($"{what}: thread {thread} found thread {owner - 1} inside its critical section");
        }

        Volatile.Write(ref cell.Owner, 0);
    }

    /// <summary>
    /// The exclusive critical section of a lock workload's op: claim the cell, one plain increment of
    /// <see cref="Count"/>, <paramref name="csNs"/> of CPU work, release the claim. Caller: a workload thread holding
    /// the lock that guards <paramref name="cell"/>. Inlined into the op loop, which compiles as the four steps did.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Increment(ref GuardedCell cell, int thread, IterationContext context, string what, long csNs)
    {
        Enter(ref cell, thread, context, what);
        cell.Count++;
        CpuWork.Spin(csNs);
        Exit(ref cell, thread, context, what);
    }

    /// <summary>
    /// Counts a change of CPU between the previous holder and this one, which runs on <paramref name="cpu"/>
    /// (<see cref="CpuChanges"/>): how often the lock and its data moved between CPUs, each time a cache-line transfer
    /// or two in the path of every holder after it. Caller: a workload thread holding the lock that guards
    /// <paramref name="cell"/> (the plain fields are serialized by it), passing
    /// <see cref="Thread.GetCurrentProcessorId"/>, which .NET caches per OS thread and refreshes every few dozen calls
    /// (a few ns, the same on every runtime): exact on a pinned LWKT worker; for an OS thread an estimate, late by up
    /// to that many calls after the kernel moved it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoteCpu(ref GuardedCell cell, int cpu)
    {
        int tag = cpu + 1;
        if (cell.LastCpu != tag)
        {
            if (cell.LastCpu != 0)
            {
                cell.CpuChanges++;
            }

            cell.LastCpu = tag;
        }
    }

    /// <summary>
    /// A shared-mode (reader) entry: nobody may own the cell; returns the version (<see cref="Count"/>) seen, which
    /// a writer inside the reader's window would change.
    /// </summary>
    public static long EnterShared(ref GuardedCell cell, IterationContext context, string what)
    {
        int owner = Volatile.Read(ref cell.Owner);
        if (owner != 0)
        {
            context.Violation($"{what}: a reader entered while writer thread {owner - 1} was inside");
        }

        return Volatile.Read(ref cell.Count);
    }

    /// <summary>A shared-mode exit: no writer may have entered or changed the version since <see cref="EnterShared"/>.</summary>
    public static void ExitShared(ref GuardedCell cell, long version, IterationContext context, string what)
    {
        long now = Volatile.Read(ref cell.Count);
        int owner = Volatile.Read(ref cell.Owner);
        if (now != version || owner != 0)
        {
            context.Violation($"{what}: a writer ran while a reader held the lock shared");
        }
    }

    /// <summary>
    /// After the iteration: one increment per counted op must have reached <see cref="Count"/> (a lock that let two
    /// threads in loses updates). Caller: a workload whose every op increments this one cell once.
    /// </summary>
    public static void CheckOneIncrementPerOp(in GuardedCell cell, IterationContext context)
    {
        long ops = context.CountedOps().Sum();
        if (cell.Count != ops)
        {
            context.Violation($"counter is {cell.Count} after {ops} increments under the lock (lost updates)");
        }
    }
}
