using System.Diagnostics;
using Lwkt.Harness.Running;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// The <c>--trace</c> hook: one EventPipe session per cell, from the child's first instruction, written to
/// <c>traces/&lt;cell&gt;.nettrace</c> (docs/architecture.md, Traces). See <see cref="EventPipeCellSession"/> for the protocol.
/// </summary>
public sealed class EventPipeCellHook : ICellHook
{
    private readonly TraceProfile _profile;

    /// <summary>Creates the hook for <paramref name="profile"/> (not <see cref="TraceProfile.Off"/>).</summary>
    public EventPipeCellHook(TraceProfile profile)
    {
        if (profile == TraceProfile.Off)
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "a trace hook needs a profile other than off");
        }

        _profile = profile;
    }

    /// <summary>The hook for <paramref name="profile"/>, or null for <see cref="TraceProfile.Off"/>.</summary>
    public static ICellHook? For(TraceProfile profile) => profile == TraceProfile.Off ? null : new EventPipeCellHook(profile);

    /// <inheritdoc/>
    public ICellHookSession Begin(CellContext context, ProcessStartInfo startInfo)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(startInfo);
        return EventPipeCellSession.Start(context, _profile, startInfo);
    }
}
