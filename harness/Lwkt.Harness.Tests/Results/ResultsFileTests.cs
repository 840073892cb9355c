using Lwkt.Harness.Results;

namespace Lwkt.Harness.Tests.Results;

public sealed class ResultsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lwkt-results-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static ResultRow Sample(int iteration, string status = RowStatus.Ok) => new()
    {
        RunId = "20250101T000000Z-abcd",
        TimestampUtc = new DateTime(2025, 1, 1, 12, 30, 15, 123, DateTimeKind.Utc),
        GitSha = "0123456789abcdef",
        Host = "box",
        Os = "Debian GNU/Linux 12",
        Arch = "X64",
        CpuModel = "Intel(R) Xeon(R), \"quoted\" model",
        LogicalCpus = 2,
        DotnetVersion = "10.0.12",
        Workload = "counter",
        Runtime = "os-monitor",
        Cores = 2,
        Threads = 4,
        Params = "cs_ns=100;think_ns=100",
        Iteration = iteration,
        Metrics =
        {
            [Metric.DurationS] = status == RowStatus.Ok ? 0.15 : null,
            [Metric.Ops] = status == RowStatus.Ok ? 123_456 : null,
            [Metric.OpsPerSecond] = status == RowStatus.Ok ? 823_040.0 : null,
            [Metric.NsPerOp] = status == RowStatus.Ok ? 1215.0 / 1000 : null,
            [Metric.LatencyP50] = 100,
            [Metric.LatencyP999] = 90_000,
            [Metric.Fairness] = 0.987654321,
            [Metric.JitMethods] = status == RowStatus.Ok ? 0 : null,
        },
        Status = status,
        Error = status == RowStatus.Ok ? null : "line one\nline two, with comma",
        Smt = false,
        IsVm = true,
        Cpuset = "0-1",
        Kernel = "6.1.0",
        GcMode = "workstation",
        TieredCompilation = true,
        Trace = "off",
        Phase = ResultRow.PhaseMeasure,
        Steady = true,
        JitConfig = "TieredCompilation=1;TieredPGO=1;TC_CallCountingDelayMs=0",
    };

    [Fact]
    public void Rows_round_trip_with_nulls_quotes_and_line_breaks()
    {
        string path = Path.Combine(_dir, "results.csv");
        ResultRow[] written = [Sample(1), Sample(2), Sample(0, RowStatus.Crashed)];

        ResultsFile.Append(path, written[..2]);
        ResultsFile.Append(path, written[2..]);
        IReadOnlyList<ResultRow> read = ResultsFile.Read(path);

        Assert.Equal(3, read.Count);
        for (int i = 0; i < written.Length; i++)
        {
            Assert.Equivalent(written[i], read[i], strict: true);
            Assert.Equal(Fields(written[i]), Fields(read[i]));
        }

        Assert.Null(read[2][Metric.Ops]);
        Assert.Equal(DateTimeKind.Utc, read[0].TimestampUtc.Kind);
    }

    [Fact]
    public void Header_is_written_once_in_schema_order_and_missing_metrics_are_empty()
    {
        string path = Path.Combine(_dir, "results.csv");
        ResultsFile.Append(path, [Sample(1)]);
        ResultsFile.Append(path, [Sample(2)]);

        string[] lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith(
            "run_id,timestamp_utc,git_sha,host,os,arch,cpu_model,logical_cpus,dotnet_version,workload,runtime,cores,"
            + "threads,params,iteration,duration_s,ops,ops_per_s,ns_per_op,lat_p50_ns,lat_p90_ns,lat_p99_ns,"
            + "lat_p999_ns,lat_max_ns,fairness,cpu_user_s,cpu_sys_s,ctx_voluntary,ctx_involuntary,gc_count,"
            + "alloc_bytes,peak_rss_bytes,switches,token_collisions,ipis,migrations,cpu_ns_per_op,fairness_max_min,"
            + "futex_waits,futex_wakes,violations,status,error,trace_file,smt,is_vm,cpuset,kernel,gc_mode,"
            + "tiered_compilation,bytes_per_thread",
            lines[0],
            StringComparison.Ordinal);
        Assert.Contains(",100,,,90000,,", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("\r", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_a_format_error()
    {
        var ex = Assert.Throws<ResultsFormatException>(() => ResultsFile.Read(Path.Combine(_dir, "nope.csv")));
        Assert.Contains("no such results file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_is_a_format_error()
    {
        string path = Path.Combine(_dir, "empty.csv");
        File.WriteAllText(path, "");
        var ex = Assert.Throws<ResultsFormatException>(() => ResultsFile.Read(path));
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A damaged results file: the text replaced in it, and what the format error must name.</summary>
    public static TheoryData<string, string, string> DamagedFiles() => new()
    {
        { ",ops_per_s,", ",opz,", "ops_per_s" }, // a missing column is named
        { ",823040,", ",fast,", "line 2" }, // a value of the wrong type: the line is named
        { ",ok,", ",great,", "great" }, // an unknown status
    };

    [Theory]
    [MemberData(nameof(DamagedFiles))]
    public void A_damaged_file_is_a_format_error_naming_what_is_wrong(string find, string replacement, string named)
    {
        string path = Path.Combine(_dir, "results.csv");
        ResultsFile.Append(path, [Sample(1)]);
        string text = File.ReadAllText(path);
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(find, replacement, StringComparison.Ordinal));

        var ex = Assert.Throws<ResultsFormatException>(() => ResultsFile.Read(path));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_without_the_optional_comparability_columns_still_read()
    {
        string path = Path.Combine(_dir, "results.csv");
        ResultsFile.Append(path, [Sample(1)]);
        string[] lines = File.ReadAllLines(path);
        int cut = lines[0].IndexOf(",smt,", StringComparison.Ordinal);
        int fields = lines[0][..cut].Split(',').Length;
        File.WriteAllLines(path, [lines[0][..cut], string.Join(',', SplitCsv(lines[1]).Take(fields))]);

        ResultRow row = Assert.Single(ResultsFile.Read(path));
        Assert.Null(row.Smt);
        Assert.Equal("counter", row.Workload);
    }

    /// <summary>Every field of a row as written (the metrics included, which <c>Equivalent</c> cannot see).</summary>
    private static string?[] Fields(ResultRow row) => [.. ResultColumns.All.Select(c => c.Format(row))];

    private static IEnumerable<string> SplitCsv(string line)
    {
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
                field.Append(c);
            }
            else if (c == ',' && !quoted)
            {
                yield return field.ToString();
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        yield return field.ToString();
    }
}
