using System.Runtime.CompilerServices;

namespace Lwkt.Runtime;

/// <summary>
/// Critical sections (lwkt: crit_enter / crit_exit). Inside one, the current virtual CPU defers IPI processing and
/// work requests; switching and blocking stay legal ("critical sections prevent preemption, but allow explicit
/// blocking"). The count is per LWKT thread (lwkt: td_critcount), so it survives a switch, nests, and never goes
/// negative. Deferred IPIs run at the next switch point after the count returns to zero.
/// </summary>
public static class CriticalSection
{
    /// <summary>Enters a critical section on the current LWKT thread (a no-op outside the runtime).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter()
    {
        LwktThread? td = VirtualCpu.CurrentThreadOrNull;
        if (td is not null)
        {
            td._critCount++;
        }
    }

    /// <summary>Leaves a critical section; throws when the count would go negative.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exit()
    {
        LwktThread? td = VirtualCpu.CurrentThreadOrNull;
        if (td is not null)
        {
            if (--td._critCount < 0)
            {
                td._critCount = 0;
                throw new InvalidOperationException("CriticalSection.Exit without a matching Enter (td_critcount < 0).");
            }
        }
    }

    /// <summary>The current thread's nesting depth (0 outside a critical section or outside the runtime).</summary>
    public static int Depth => VirtualCpu.CurrentThreadOrNull?._critCount ?? 0;

    /// <summary>Enters and returns a scope whose Dispose exits: <c>using (CriticalSection.Scope()) { ... }</c>.</summary>
    public static Section Scope()
    {
        Enter();
        return default;
    }

    /// <summary>The <c>using</c> form of a critical section.</summary>
    public readonly struct Section : IDisposable
    {
        /// <summary>Leaves the critical section.</summary>
        public void Dispose() => Exit();
    }
}
