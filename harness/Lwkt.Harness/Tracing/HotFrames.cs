using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// Where the CPU went: the sample profiler's stacks (every managed thread, every millisecond, running or blocked)
/// grouped by <see cref="ThreadKind"/>; the samples that caught a thread running managed code count each frame
/// exclusive (innermost frame) and inclusive (anywhere on the stack). Methods are named from the trace's rundown
/// through <see cref="TraceLog"/>. See <see cref="KindProfile"/> for the samples left out and why.
/// </summary>
/// <remarks>
/// Invariant: within a kind every counted sample has exactly one innermost frame, so the exclusive counts add up to
/// the kind's <see cref="KindProfile.Running"/> samples and the exclusive shares to 100 % (a stack with no frame
/// counts under <see cref="FrameNames.Unknown"/>).
/// </remarks>
public sealed class HotFrames
{
    /// <summary>The sample profiler's event (EventPipe metadata name).</summary>
    private const string SampleEvent = "Thread/Sample";

    /// <summary>The payload field of a sample that says whether the thread was in managed code.</summary>
    private const string SampleType = "Type";

    /// <summary>The value of <see cref="SampleType"/> (an enum) for a thread running managed code (others: External, Error).</summary>
    private const string ManagedSample = "Managed";

    /// <summary>
    /// The runtime's GC poll, where a thread parks while the runtime is suspended (by the sampler, or for a GC): the
    /// name of the local function without its compiler-chosen suffix (<c>|67_0</c> on .NET 10).
    /// </summary>
    public const string GcPollPrefix = "System.Threading.Thread.<PollGC>g__PollGCWorker";

    private HotFrames(IReadOnlyDictionary<ThreadKind, KindProfile> kinds) => Kinds = kinds;

    /// <summary>The profile of each kind with at least one sample.</summary>
    public IReadOnlyDictionary<ThreadKind, KindProfile> Kinds { get; }

    /// <summary>All samples.</summary>
    public long Samples => Kinds.Values.Sum(k => k.Samples);

    /// <summary>The profile of <paramref name="kind"/>, empty when it was never sampled.</summary>
    public KindProfile Of(ThreadKind kind) => Kinds.TryGetValue(kind, out KindProfile? profile) ? profile : new KindProfile();

    /// <summary>Reads the samples of <paramref name="log"/>.</summary>
    public static HotFrames Read(TraceLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var threads = new Dictionary<int, List<(string[] Stack, bool Managed)>>();
        foreach (TraceEvent e in log.Events)
        {
            if (e.ProviderName != TraceProviders.SampleProfilerProvider || e.EventName != SampleEvent)
            {
                continue;
            }

            if (!threads.TryGetValue(e.ThreadID, out List<(string[] Stack, bool Managed)>? samples))
            {
                samples = [];
                threads[e.ThreadID] = samples;
            }

            samples.Add((Stack(e.CallStack()), e.PayloadByName(SampleType)?.ToString() == ManagedSample));
        }

        var kinds = new Dictionary<ThreadKind, KindProfile>();
        foreach (List<(string[] Stack, bool Managed)> samples in threads.Values)
        {
            ThreadKind kind = Classify(samples.Select(s => s.Stack));
            if (!kinds.TryGetValue(kind, out KindProfile? profile))
            {
                profile = new KindProfile();
                kinds[kind] = profile;
            }

            profile.Threads++;
            foreach ((string[] stack, bool managed) in samples)
            {
                Count(profile, stack, managed);
            }
        }

        return new HotFrames(kinds);
    }

    /// <summary>The frame names of a stack, innermost first.</summary>
    private static string[] Stack(TraceCallStack? stack)
    {
        var frames = new List<string>();
        for (TraceCallStack? frame = stack; frame is not null; frame = frame.Caller)
        {
            frames.Add(FrameNames.Of(frame.CodeAddress));
        }

        return [.. frames];
    }

    /// <summary>
    /// The kind most of a thread's samples say, each by its marker frame nearest the root (the entry point: a worker
    /// that calls into a sysport helper stays a worker); <see cref="ThreadKind.Other"/> when no sample has a marker.
    /// </summary>
    private static ThreadKind Classify(IEnumerable<string[]> stacks)
    {
        var votes = new Dictionary<ThreadKind, int>();
        foreach (string[] stack in stacks)
        {
            for (int i = stack.Length - 1; i >= 0; i--)
            {
                if (ThreadKinds.Marked(stack[i]) is { } kind)
                {
                    votes[kind] = votes.GetValueOrDefault(kind) + 1;
                    break;
                }
            }
        }

        return votes.Count == 0 ? ThreadKind.Other : votes.MaxBy(v => v.Value).Key;
    }

    private static void Count(KindProfile profile, string[] stack, bool managed)
    {
        profile.Samples++;
        if (!managed)
        {
            profile.OutsideManaged++;
            return;
        }

        if (stack.Length > 0 && stack[0].StartsWith(GcPollPrefix, StringComparison.Ordinal))
        {
            profile.AtGcPoll++;
            return;
        }

        string[] frames = stack.Length == 0 ? [FrameNames.Unknown] : stack;
        Add(profile.Frames, frames);
        Add(profile.SuiteFrames, SuiteCode.Fold(frames));
    }

    /// <summary>Counts one sample's stack (innermost first): its leaf exclusive, each distinct frame inclusive once.</summary>
    private static void Add(Dictionary<string, FrameCount> counts, IReadOnlyList<string> frames)
    {
        Frame(counts, frames[0]).Exclusive++;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string frame in frames)
        {
            if (seen.Add(frame))
            {
                Frame(counts, frame).Inclusive++;
            }
        }
    }

    private static FrameCount Frame(Dictionary<string, FrameCount> counts, string name)
    {
        if (!counts.TryGetValue(name, out FrameCount? count))
        {
            count = new FrameCount();
            counts[name] = count;
        }

        return count;
    }
}
