using YamlDotNet.RepresentationModel;

namespace Lwkt.Harness.Tests.Ci;

/// <summary>
/// A GitHub Actions workflow file read with a real YAML parser, and the structural checks GitHub would reject or
/// silently mis-run: triggers, jobs with a runner and steps, each step either <c>uses</c> (pinned to a version) or
/// <c>run</c>, <c>needs</c> naming existing jobs, and balanced <c>${{ }}</c> expressions.
/// </summary>
internal sealed class Workflow
{
    private Workflow(YamlMappingNode root) => Root = root;

    /// <summary>The document's top-level mapping.</summary>
    public YamlMappingNode Root { get; }

    /// <summary>The event names under <c>on</c> (a name, a list of names, or a mapping).</summary>
    public IReadOnlyList<string> Triggers => Child(Root, "on") switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlSequenceNode sequence => [.. sequence.Children.Select(Text)],
        YamlMappingNode mapping => [.. mapping.Children.Keys.Select(Text)],
        _ => [],
    };

    /// <summary>The jobs by id.</summary>
    public IReadOnlyDictionary<string, YamlMappingNode> Jobs =>
        (Child(Root, "jobs") as YamlMappingNode)?.Children.ToDictionary(kv => Text(kv.Key), kv => kv.Value as YamlMappingNode ?? new YamlMappingNode())
        ?? [];

    /// <summary>Parses <paramref name="text"/> (one YAML document whose root is a mapping).</summary>
    /// <exception cref="YamlDotNet.Core.YamlException">Not valid YAML.</exception>
    public static Workflow Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? new Workflow(root)
            : throw new InvalidDataException("a workflow is one YAML document with a mapping at its root");
    }

    /// <summary>The job ids <paramref name="job"/> needs (a name or a list).</summary>
    public static IReadOnlyList<string> Needs(YamlMappingNode job) => Child(job, "needs") switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlSequenceNode sequence => [.. sequence.Children.Select(Text)],
        _ => [],
    };

    /// <summary>The steps of <paramref name="job"/>, in order.</summary>
    public static IReadOnlyList<YamlMappingNode> Steps(YamlMappingNode job) =>
        (Child(job, "steps") as YamlSequenceNode)?.Children.Select(s => s as YamlMappingNode ?? new YamlMappingNode()).ToList() ?? [];

    /// <summary>A scalar value under <paramref name="key"/>, or null.</summary>
    public static string? Value(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    /// <summary>The node under <paramref name="key"/>, or null.</summary>
    public static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? child) ? child : null;

    /// <summary>Every structural problem found; empty for a sound workflow.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Value(Root, "name") is null)
        {
            problems.Add("no name");
        }

        if (Triggers.Count == 0)
        {
            problems.Add("no trigger under 'on'");
        }

        IReadOnlyDictionary<string, YamlMappingNode> jobs = Jobs;
        if (jobs.Count == 0)
        {
            problems.Add("no jobs");
        }

        foreach ((string id, YamlMappingNode job) in jobs)
        {
            if (Child(job, "runs-on") is null)
            {
                problems.Add($"job {id}: no runs-on");
            }

            foreach (string need in Needs(job).Where(n => !jobs.ContainsKey(n)))
            {
                problems.Add($"job {id}: needs unknown job '{need}'");
            }

            IReadOnlyList<YamlMappingNode> steps = Steps(job);
            if (steps.Count == 0)
            {
                problems.Add($"job {id}: no steps");
            }

            for (int i = 0; i < steps.Count; i++)
            {
                string? uses = Value(steps[i], "uses");
                string? run = Value(steps[i], "run");
                if ((uses is null) == (run is null))
                {
                    problems.Add($"job {id} step {i + 1}: needs exactly one of 'uses' and 'run'");
                }
                else if (uses is not null && !uses.Contains('@', StringComparison.Ordinal))
                {
                    problems.Add($"job {id} step {i + 1}: '{uses}' is not pinned to a version (@v…)");
                }
            }
        }

        foreach (string text in Scalars(Root))
        {
            int opened = Count(text, "${{");
            if (opened != Count(text, "}}"))
            {
                problems.Add($"unbalanced expression in: {text}");
            }
        }

        return problems;
    }

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        YamlMappingNode mapping => mapping.Children.SelectMany(kv => Scalars(kv.Key).Concat(Scalars(kv.Value))),
        _ => [],
    };

    private static int Count(string text, string what)
    {
        int count = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Text(YamlNode node) => (node as YamlScalarNode)?.Value ?? "";
}
