namespace Lwkt.Micro;

/// <summary>
/// The command line split in two: this suite's own switches (<c>--ci</c>, <c>--trace</c>) and everything else, which
/// goes to BenchmarkDotNet unchanged (<c>--filter</c>, <c>--job</c>, <c>--artifacts</c>, <c>-p EP</c>, ...).
/// </summary>
/// <param name="Ci">Run the CI job (<see cref="MicroConfig.CiJob"/>); it takes precedence over <c>--job</c>.</param>
/// <param name="Trace">Record an EventPipe trace of every benchmark (<see cref="MicroConfig.TraceProfiler"/>).</param>
/// <param name="BenchmarkArguments">The arguments for BenchmarkDotNet.</param>
public sealed record MicroArguments(bool Ci, bool Trace, string[] BenchmarkArguments)
{
    /// <summary>The switch that selects the CI job.</summary>
    public const string CiSwitch = "--ci";

    /// <summary>The switch that records an EventPipe trace per benchmark.</summary>
    public const string TraceSwitch = "--trace";

    /// <summary>Arguments that only print something (help, version, the benchmark list): no benchmark runs.</summary>
    private static readonly string[] s_informational = ["--help", "-h", "-?", "--version", "--list", "--info"];

    /// <summary>True when the arguments ask BenchmarkDotNet only to print (help, version, list), not to run.</summary>
    public bool IsInformational => BenchmarkArguments.Any(a => s_informational.Contains(a, StringComparer.OrdinalIgnoreCase));

    /// <summary>Takes this suite's switches out of <paramref name="args"/>.</summary>
    public static MicroArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        bool ci = false;
        bool trace = false;
        var rest = new List<string>(args.Count);
        foreach (string arg in args)
        {
            if (string.Equals(arg, CiSwitch, StringComparison.OrdinalIgnoreCase))
            {
                ci = true;
            }
            else if (string.Equals(arg, TraceSwitch, StringComparison.OrdinalIgnoreCase))
            {
                trace = true;
            }
            else
            {
                rest.Add(arg);
            }
        }

        return new MicroArguments(ci, trace, [.. rest]);
    }
}
