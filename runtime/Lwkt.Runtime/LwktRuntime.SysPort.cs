using Lwkt.Runtime.IoUring;
using Lwkt.Runtime.Messaging;

namespace Lwkt.Runtime;

public sealed partial class LwktRuntime
{
    /// <summary>The environment variable that forces the sysport's fallback threads: <c>LWKT_SYSPORT=threads</c>.</summary>
    public const string SysPortEnvironmentVariable = "LWKT_SYSPORT";

    /// <summary>The backend this runtime's sysport uses (decided at construction; see <see cref="LwktRuntimeOptions.SysPort"/>).</summary>
    public SysPortBackend SysPortBackend { get; private set; }

    /// <summary>Why the sysport runs on the fallback threads (forced, deterministic, or what the kernel refused); null on io_uring.</summary>
    public string? SysPortFallbackReason { get; private set; }

    internal int SysPortRingSlots { get; private set; }

    /// <summary>Sysport sleeps from workers are served by their CPU's timers (<see cref="SysPortTimers"/>), not the kernel:
    /// asked for, a real clock (not a deterministic run's virtual one), and that clock CLOCK_MONOTONIC.</summary>
    internal bool SysPortSleepsOnTimers { get; private set; }

    /// <summary>Decides the sysport backend: forced fallback first, then whether this kernel gives us io_uring.</summary>
    private void ChooseSysPortBackend(LwktRuntimeOptions options)
    {
        SysPortRingSlots = options.SysPortRingSlots;
        SysPortSleepsOnTimers = options.SysPortSleepsOnTimers && options.DeterministicSeed is null && SysPortTimers.ClockMatches;
        string? forced = string.Equals(Environment.GetEnvironmentVariable(SysPortEnvironmentVariable), "threads", StringComparison.OrdinalIgnoreCase)
            ? $"{SysPortEnvironmentVariable}=threads"
            : options.SysPort == Messaging.SysPortBackend.Threads ? "LwktRuntimeOptions.SysPort = Threads"
            : options.DeterministicSeed is not null ? "deterministic run"
            : null;
        string? refused = forced is null ? IoUringSupport.Failure : null;
        if (refused is not null && options.SysPort == Messaging.SysPortBackend.IoUring)
        {
            throw new NotSupportedException($"The sysport cannot use io_uring here: {refused}.");
        }

        SysPortFallbackReason = forced ?? refused;
        SysPortBackend = SysPortFallbackReason is null ? Messaging.SysPortBackend.IoUring : Messaging.SysPortBackend.Threads;
    }
}
