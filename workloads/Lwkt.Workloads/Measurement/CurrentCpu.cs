using System.Runtime.InteropServices;

namespace Lwkt.Workloads.Measurement;

/// <summary>
/// The host CPU the calling OS thread runs on now, from <c>sched_getcpu(3)</c> (vDSO on Linux, tens of ns), not
/// .NET's cached <see cref="Thread.GetCurrentProcessorId"/>: placement checks need the real answer. -1 off Linux.
/// </summary>
internal static partial class CurrentCpu
{
    /// <summary>The CPU now, or -1 where the platform cannot tell.</summary>
    public static int Get() => OperatingSystem.IsLinux() ? SchedGetCpu() : -1;

    [LibraryImport("libc", EntryPoint = "sched_getcpu")]
    private static partial int SchedGetCpu();
}
