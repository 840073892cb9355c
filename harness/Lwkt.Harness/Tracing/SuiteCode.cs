namespace Lwkt.Harness.Tracing;

/// <summary>
/// Stacks seen through the suite's own code ("just my code", as PerfView groups stacks): <c>trace diff</c> compares
/// two processes, whose JIT inlines the BCL's small methods differently (profile-guided devirtualisation, tiering
/// timing), so a BCL frame can vanish on one side (<c>SpinWait.SpinOnceCore</c> inlined into
/// <c>SemaphoreSlim.WaitCore</c>) and the async plumbing between two frames of ours changes with how an await
/// completed. Folded, those differences disappear and a move means the suite's code did something else.
/// </summary>
internal static class SuiteCode
{
    /// <summary>The namespace prefix of the suite's assemblies (runtime, baselines, workloads, host).</summary>
    public const string Prefix = "Lwkt.";

    /// <summary>
    /// Folds a stack (innermost first): frames of the suite stay; a run of other frames between two of ours
    /// (plumbing) is dropped; the run at the leaf becomes its entry, the outermost frame of the run, which is the
    /// call our code made (<c>System.Threading.SemaphoreSlim.Wait</c>); frames outside our outermost frame (thread
    /// start) are dropped. A stack with no frame of ours keeps its leaf.
    /// </summary>
    public static IReadOnlyList<string> Fold(IReadOnlyList<string> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        int firstOurs = -1;
        for (int i = 0; i < frames.Count && firstOurs < 0; i++)
        {
            firstOurs = IsOurs(frames[i]) ? i : -1;
        }

        if (firstOurs < 0)
        {
            return frames.Count == 0 ? frames : [frames[0]];
        }

        var folded = new List<string>(frames.Count);
        if (firstOurs > 0)
        {
            folded.Add(frames[firstOurs - 1]);
        }

        for (int i = firstOurs; i < frames.Count; i++)
        {
            if (IsOurs(frames[i]))
            {
                folded.Add(frames[i]);
            }
        }

        return folded;
    }

    /// <summary>True for a frame of the suite's code (async methods included: their names start with the type).</summary>
    public static bool IsOurs(string frame) => frame.StartsWith(Prefix, StringComparison.Ordinal);
}
