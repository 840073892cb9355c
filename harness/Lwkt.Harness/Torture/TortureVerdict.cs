namespace Lwkt.Harness.Torture;

/// <summary>How the torture of one runtime ended.</summary>
/// <param name="Runtime">The runtime.</param>
/// <param name="ExitCode">The child's exit code (0 SUCCESS, 1 FAILURE, 2 bad request), or -1 when it was killed.</param>
/// <param name="Reason">Why it failed, when it did: the first failed check, the refusal, the crash or the kill.</param>
/// <param name="Digest">The schedule digest a deterministic run ended with, or null.</param>
public sealed record TortureVerdict(string Runtime, int ExitCode, string? Reason, string? Digest)
{
    /// <summary>True when the child ended its torture with SUCCESS.</summary>
    public bool Success => ExitCode == 0;
}
