using YamlDotNet.RepresentationModel;

namespace Lwkt.Harness.Tests.Ci;

/// <summary>The GitHub Actions workflows parse as YAML, pass the structural checks, and hold the jobs docs/architecture.md names.</summary>
public class WorkflowTests
{
    private static Workflow Load(string name) => Workflow.Parse(File.ReadAllText(Shell.PathOf(Path.Combine(".github", "workflows", name))));

    private static IEnumerable<string> Runs(YamlMappingNode job) => Workflow.Steps(job).Select(s => Workflow.Value(s, "run") ?? "");

    private static IEnumerable<string> Uses(YamlMappingNode job) => Workflow.Steps(job).Select(s => Workflow.Value(s, "uses") ?? "");

    [Theory]
    [InlineData("ci.yml")]
    [InlineData("nightly.yml")]
    public void Workflow_parses_and_has_no_structural_problem(string name)
    {
        Workflow workflow = Load(name);

        Assert.Empty(workflow.Problems());
    }

    [Fact]
    public void Ci_tests_then_compares_base_and_change_on_one_runner()
    {
        Workflow ci = Load("ci.yml");

        Assert.Contains("push", ci.Triggers);
        Assert.Contains("pull_request", ci.Triggers);
        YamlMappingNode test = ci.Jobs["test"];
        YamlMappingNode ab = ci.Jobs["ab-compare"];
        Assert.Contains(Runs(test), r => r.Contains("bash .ci/run", StringComparison.Ordinal));
        Assert.Equal(["test"], Workflow.Needs(ab));
        foreach (YamlMappingNode job in new[] { test, ab })
        {
            YamlMappingNode checkout = Workflow.Steps(job).First(s => Workflow.Value(s, "uses")?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true);
            Assert.Equal("0", Workflow.Value((YamlMappingNode)Workflow.Child(checkout, "with")!, "fetch-depth"));
            Assert.Contains(Uses(job), u => u.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal));
        }

        string compare = Assert.Single(Runs(ab), r => r.Contains("ci/ab-compare.sh", StringComparison.Ordinal));
        Assert.Contains("$base", compare, StringComparison.Ordinal);
        YamlMappingNode compareStep = Workflow.Steps(ab).Single(s => Workflow.Value(s, "run") == compare);
        string baseSha = Workflow.Value((YamlMappingNode)Workflow.Child(compareStep, "env")!, "BASE_SHA")!;
        Assert.Contains("github.event.pull_request.base.sha", baseSha, StringComparison.Ordinal);
        Assert.Contains("github.event.before", baseSha, StringComparison.Ordinal);
        YamlMappingNode upload = Workflow.Steps(ab).Single(s => Workflow.Value(s, "uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);
        Assert.Equal("always()", Workflow.Value(upload, "if"));
    }

    [Fact]
    public void Nightly_runs_the_full_suite_in_shards_and_joins_them()
    {
        Workflow nightly = Load("nightly.yml");

        Assert.Contains("schedule", nightly.Triggers);
        Assert.Contains("workflow_dispatch", nightly.Triggers);
        YamlMappingNode shard = nightly.Jobs["shard"];
        var matrix = (YamlMappingNode)Workflow.Child((YamlMappingNode)Workflow.Child(shard, "strategy")!, "matrix")!;
        var shards = (YamlSequenceNode)Workflow.Child(matrix, "shard")!;
        Assert.Equal(Enumerable.Range(1, shards.Children.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            shards.Children.Select(n => ((YamlScalarNode)n).Value));
        Assert.Contains(Runs(shard), r => r.Contains("run --suite full --shard ${{ matrix.shard }}/${{ strategy.job-total }}", StringComparison.Ordinal));
        Assert.Contains(Uses(shard), u => u.StartsWith("actions/upload-artifact@", StringComparison.Ordinal));

        YamlMappingNode join = nightly.Jobs["join"];
        Assert.Equal(["shard"], Workflow.Needs(join));
        Assert.Contains(Uses(join), u => u.StartsWith("actions/download-artifact@", StringComparison.Ordinal));
        Assert.Contains(Runs(join), r => r.Contains(" merge shards/shard-* --out nightly", StringComparison.Ordinal));
        Assert.Contains(Runs(join), r => r.Contains(" report nightly", StringComparison.Ordinal));
        Assert.Contains(Uses(join), u => u.StartsWith("actions/upload-artifact@", StringComparison.Ordinal));
    }

    [Fact]
    public void The_checks_find_what_github_would_reject()
    {
        const string Broken = """
            name: broken
            on: push
            jobs:
              a:
                steps:
                  - uses: actions/checkout
                  - run: echo ${{ github.sha
                  - name: neither
              b:
                runs-on: ubuntu-latest
                needs: [a, nowhere]
                steps: []
            """;

        IReadOnlyList<string> problems = Workflow.Parse(Broken).Problems();

        Assert.Equal(
            [
                "job a: no runs-on",
                "job a step 1: 'actions/checkout' is not pinned to a version (@v…)",
                "job a step 3: needs exactly one of 'uses' and 'run'",
                "job b: needs unknown job 'nowhere'",
                "job b: no steps",
                "unbalanced expression in: echo ${{ github.sha",
            ],
            problems);
    }

    [Fact]
    public void Invalid_yaml_is_refused()
    {
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => Workflow.Parse("jobs:\n  a: [unclosed\n"));
    }
}
