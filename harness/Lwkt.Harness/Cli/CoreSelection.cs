namespace Lwkt.Harness.Cli;

/// <summary>
/// Core counts as written (<c>--cores</c>, a suite's <c>cores</c>): numbers, <c>all</c> (every CPU the harness may
/// use) and <c>sweep</c> (1, 2, 4, … and all). The syntax is checked once, when parsed; the counts depend on the
/// machine and are resolved against it by <see cref="Resolve"/>.
/// </summary>
/// <param name="Counts">The explicit counts, each at least 1.</param>
/// <param name="All">Whether <c>all</c> was given.</param>
/// <param name="Sweep">Whether <c>sweep</c> was given.</param>
public sealed record CoreSelection(IReadOnlyList<int> Counts, bool All, bool Sweep)
{
    /// <summary>Parses a comma-separated list; <paramref name="option"/> names the source in messages.</summary>
    /// <exception cref="UsageException">An empty entry, or an entry that is neither a count nor a keyword.</exception>
    public static CoreSelection Parse(string text, string option = "--cores")
    {
        var counts = new List<int>();
        bool all = false;
        bool sweep = false;
        foreach (string token in ValueParsers.SplitTokens(text, option))
        {
            switch (token)
            {
                case "all":
                    all = true;
                    break;
                case "sweep":
                    sweep = true;
                    break;
                default:
                    counts.Add(ValueParsers.ParseInt(token, option, 1));
                    break;
            }
        }

        return new CoreSelection(counts, all, sweep);
    }

    /// <summary>
    /// The counts on a machine that lets the harness use <paramref name="available"/> CPUs, ascending and distinct.
    /// Counts beyond it are refused (docs/architecture.md, Cores and threads).
    /// </summary>
    /// <exception cref="UsageException">A count above <paramref name="available"/>.</exception>
    public IReadOnlyList<int> Resolve(int available, string option = "--cores")
    {
        var cores = new SortedSet<int>();
        foreach (int n in Counts)
        {
            if (n > available)
            {
                throw new UsageException(
                    $"{option} {n}: this machine lets the harness use {available} CPU{(available == 1 ? "" : "s")} (use 1..{available} or all)");
            }

            cores.Add(n);
        }

        if (All)
        {
            cores.Add(available);
        }

        if (Sweep)
        {
            for (int c = 1; c < available; c *= 2)
            {
                cores.Add(c);
            }

            cores.Add(available);
        }

        return [.. cores];
    }
}
