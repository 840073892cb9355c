using Lwkt.Baselines;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// A message of an OS-thread runtime. It owns one reusable completion of its runtime's family (Monitor, futex
/// word or spin flag), so a call/reply allocates nothing in steady state.
/// </summary>
internal sealed class OsRtMessage(ICompletion completion) : RtMessage
{
    /// <summary>Reset by the caller before each call, set once by the receiver's reply.</summary>
    public ICompletion Completion { get; } = completion;
}
