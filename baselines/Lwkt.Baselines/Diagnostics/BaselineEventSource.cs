using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;

namespace Lwkt.Baselines.Diagnostics;

/// <summary>
/// The <c>Lwkt-Baselines</c> event provider: contention events of the baselines' own locks (futex mutex, spin locks,
/// futex and spin reader-writer locks), shaped like the CLR's <c>Contention/Start</c>/<c>Stop</c> so one trace
/// compares them with <c>Monitor</c> and <c>System.Threading.Lock</c>, which the CLR reports itself.
/// </summary>
/// <remarks>
/// <para>Where they fire: at the entry and exit of each lock's <c>[NoInlining]</c> contended slow path, so a pair
/// brackets every acquisition that missed the fast path, spinning included. The CLR's events fire only once a thread
/// stops spinning and waits, so they undercount short contention (docs/architecture.md, .NET platform facts); compare counts with that in
/// mind, durations are comparable.</para>
/// <para>Cost when nobody listens: the slow path reads one static flag (<see cref="ContentionOn"/>), recomputed in
/// <see cref="OnEventCommand"/>; the fast paths are untouched.</para>
/// <para>Names: <c>ContentionStart</c>/<c>ContentionStop</c> appear in EventPipe as <c>Contention/Start</c> and
/// <c>Contention/Stop</c> (the Start/Stop opcode rule).</para>
/// </remarks>
[EventSource(Name = ProviderName)]
public sealed class BaselineEventSource : EventSource
{
    /// <summary>The provider name sessions enable.</summary>
    public const string ProviderName = "Lwkt-Baselines";

    /// <summary>The one instance.</summary>
    public static readonly BaselineEventSource Log = new();

    private static volatile bool s_contention;

    private BaselineEventSource()
    {
    }

    /// <summary>True while a session wants <see cref="Keywords.Contention"/> events.</summary>
    public static bool ContentionOn
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_contention;
    }

    /// <summary>The event groups a session selects.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Design", "CA1034:Nested types should not be visible", Justification = "EventSource convention: the manifest reads the nested Keywords class.")]
    public static class Keywords
    {
        /// <summary>Lock contention start/stop.</summary>
        public const EventKeywords Contention = (EventKeywords)0x1;
    }

    /// <summary>
    /// A thread missed <paramref name="lockKind"/>'s fast path and entered its contended path. <paramref name="lockId"/>
    /// identifies the lock instance within the process; <paramref name="mode"/> is a <see cref="ContentionMode"/>.
    /// </summary>
    [Event(1, Level = EventLevel.Informational, Keywords = Keywords.Contention, ActivityOptions = EventActivityOptions.Disable)]
    public unsafe void ContentionStart(string lockKind, long lockId, int mode, int threadId)
    {
        ArgumentNullException.ThrowIfNull(lockKind);
        fixed (char* kind = lockKind)
        {
            EventData* data = stackalloc EventData[4];
            SetContention(data, kind, lockKind.Length, &lockId, &mode, &threadId);
            WriteEventCore(1, 4, data);
        }
    }

    /// <summary>The thread holds the lock; <paramref name="durationNs"/> since its <c>Contention/Start</c>.</summary>
    [Event(2, Level = EventLevel.Informational, Keywords = Keywords.Contention, ActivityOptions = EventActivityOptions.Disable)]
    public unsafe void ContentionStop(string lockKind, long lockId, int mode, int threadId, double durationNs)
    {
        ArgumentNullException.ThrowIfNull(lockKind);
        fixed (char* kind = lockKind)
        {
            EventData* data = stackalloc EventData[5];
            SetContention(data, kind, lockKind.Length, &lockId, &mode, &threadId);
            Set(data, 4, &durationNs, sizeof(double));
            WriteEventCore(2, 5, data);
        }
    }

    /// <summary>
    /// Emits the start of a contended acquisition of <paramref name="lockObject"/> and returns its timestamp, to be
    /// passed to <see cref="OnContentionEnd"/>. Caller: <see cref="ContentionScope.Begin"/>, on the acquiring thread,
    /// only while <see cref="ContentionOn"/>.
    /// </summary>
    [NonEvent]
    internal long OnContentionBegin(object lockObject, string lockKind, ContentionMode mode)
    {
        ContentionStart(lockKind, RuntimeHelpers.GetHashCode(lockObject), (int)mode, Environment.CurrentManagedThreadId);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Emits the end of the contended acquisition that <see cref="OnContentionBegin"/> started at <paramref name="start"/>.</summary>
    [NonEvent]
    internal void OnContentionEnd(object lockObject, string lockKind, ContentionMode mode, long start)
    {
        double ns = (Stopwatch.GetTimestamp() - start) * (1e9 / Stopwatch.Frequency);
        ContentionStop(lockKind, RuntimeHelpers.GetHashCode(lockObject), (int)mode, Environment.CurrentManagedThreadId, ns);
    }

    /// <inheritdoc/>
    protected override void OnEventCommand(EventCommandEventArgs command)
    {
        ArgumentNullException.ThrowIfNull(command);
        s_contention = IsEnabled(EventLevel.Informational, Keywords.Contention);
    }

    /// <summary>The four fields both contention events start with: kind (with its terminating NUL), lock id, mode, thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void SetContention(EventData* data, char* kind, int kindLength, long* lockId, int* mode, int* threadId)
    {
        Set(data, 0, kind, (kindLength + 1) * sizeof(char));
        Set(data, 1, lockId, sizeof(long));
        Set(data, 2, mode, sizeof(int));
        Set(data, 3, threadId, sizeof(int));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Set(EventData* data, int index, void* value, int size)
    {
        data[index].DataPointer = (nint)value;
        data[index].Size = size;
    }
}
