using System.Runtime.InteropServices;

namespace Lwkt.Runtime.Native;

/// <summary>
/// The calling thread's timer slack (Linux <c>prctl(PR_SET_TIMERSLACK)</c>): how late the kernel may end a timed
/// sleep to batch wake-ups, 50 µs by default. An idle virtual CPU parks with a timeout for its next timer, so its
/// worker sets the slack to 1 ns.
/// </summary>
internal static partial class TimerSlack
{
    private const int PrSetTimerSlack = 29;

    /// <summary>Sets 1 ns of slack for the calling thread; does nothing off Linux or when prctl refuses.</summary>
    public static void SetMinimalForCurrentThread()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Prctl(PrSetTimerSlack, 1, 0, 0, 0);
        }
    }

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
