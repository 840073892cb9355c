using Lwkt.Baselines.Async;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>A tpl-async message: it owns a reusable <see cref="AsyncCompletion"/>, so a call allocates nothing.</summary>
internal sealed class AsyncRtMessage : RtMessage
{
    /// <summary>Reset by the caller before each call, set once by the receiver's reply.</summary>
    public AsyncCompletion Completion { get; } = new();
}
