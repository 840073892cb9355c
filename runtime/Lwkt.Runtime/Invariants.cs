using System.Diagnostics;

namespace Lwkt.Runtime;

/// <summary>
/// The calling contracts of the runtime as Debug assertions (DragonFly's <c>KKASSERT</c>s; dotnet/runtime's
/// <c>Lock.cs</c> asserts its state transitions the same way). Every method is <see cref="ConditionalAttribute"/>
/// <c>DEBUG</c>: in Release the calls, and the evaluation of their arguments, are compiled away. A failed assertion
/// fails the process fast, as a panic would: a broken invariant must not run on.
/// </summary>
/// <remarks>
/// The runtime's ownership rule (docs/lwkt-semantics.md invariant 1): only a CPU's own worker touches its run queue,
/// timers, sleep hash and the scheduling state of its threads; others send an IPI. "This CPU's worker" is the OS
/// thread whose <see cref="VirtualCpu.Current"/> is that CPU — in a deterministic run, the driver thread while it
/// steps that CPU.
/// </remarks>
internal static class Invariants
{
    /// <summary>Caller: <paramref name="cpu"/>'s own worker.</summary>
    [Conditional("DEBUG")]
    public static void OnWorker(VirtualCpu cpu) =>
        Debug.Assert(VirtualCpu.Current == cpu, $"called on {Describe(VirtualCpu.Current)}, not on cpu{cpu.Id}'s worker");

    /// <summary>Caller: the worker of the CPU that owns <paramref name="td"/> now.</summary>
    [Conditional("DEBUG")]
    public static void OnOwnerCpu(LwktThread td) =>
        Debug.Assert(
            VirtualCpu.Current == td._cpu,
            $"thread {td.Id} is owned by cpu{td._cpu.Id}, but this runs on {Describe(VirtualCpu.Current)}");

    /// <summary><paramref name="td"/> is the thread running on the calling worker.</summary>
    [Conditional("DEBUG")]
    public static void IsRunning(LwktThread td) =>
        Debug.Assert(
            VirtualCpu.CurrentThreadOrNull == td && td._state == ThreadState.Running,
            $"thread {td.Id} ({td._state}) is not the running thread of {Describe(VirtualCpu.Current)}");

    /// <summary><paramref name="td"/> is in <paramref name="expected"/>.</summary>
    [Conditional("DEBUG")]
    public static void InState(LwktThread td, ThreadState expected) =>
        Debug.Assert(td._state == expected, $"thread {td.Id} is {td._state}, expected {expected}");

    /// <summary><paramref name="td"/> holds every token on its stack (it may run).</summary>
    [Conditional("DEBUG")]
    public static void HoldsTokenSet(LwktThread td) =>
        Debug.Assert(
            td._tokHave == td._tokCount,
            $"thread {td.Id} holds {td._tokHave} of the {td._tokCount} tokens on its stack");

    /// <summary><paramref name="td"/> holds none of its tokens (it is switched out).</summary>
    [Conditional("DEBUG")]
    public static void HoldsNoToken(LwktThread td) =>
        Debug.Assert(td._tokHave == 0, $"thread {td.Id} holds {td._tokHave} token(s) while switched out");

    private static string Describe(VirtualCpu? cpu) => cpu is null ? "a thread outside the runtime" : $"cpu{cpu.Id}'s worker";
}
