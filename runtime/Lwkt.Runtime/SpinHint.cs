using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Lwkt.Runtime;

/// <summary>
/// One spin-wait hint, the instruction alone (x86 <c>pause</c>, Arm <c>yield</c>): for a poll loop that must notice a
/// remote store soon, where <see cref="Thread.SpinWait(int)"/> is too coarse. Caller: the idle spin of a worker.
/// </summary>
/// <remarks>
/// Measured on the 2-core development VM (AMD EPYC, load 20, a million calls each, three rounds):
/// <c>Thread.SpinWait(1)</c> 125–227 ns a call (a call into the runtime and its normalised loop of pauses), one
/// <c>pause</c> 62–76 ns. A poll loop notices a store half an iteration late on average, on each side of a round trip.
/// </remarks>
internal static class SpinHint
{
    /// <summary>One hint, or <c>Thread.SpinWait(1)</c> where neither instruction exists.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Once()
    {
        if (X86Base.IsSupported)
        {
            X86Base.Pause();
        }
        else if (ArmBase.IsSupported)
        {
            ArmBase.Yield();
        }
        else
        {
            Thread.SpinWait(1);
        }
    }
}
