using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Lwkt.Micro;

/// <summary>
/// The entry point: BenchmarkDotNet's command line over every benchmark in this assembly with <see cref="MicroConfig"/>,
/// plus <c>--ci</c> and <c>--trace</c> (<see cref="MicroArguments"/>). Exit code: 0 when every benchmark ran, 1 when
/// one failed or a validation error stopped the run, 2 when nothing ran because the arguments were rejected or the
/// filter matched no benchmark.
/// </summary>
public static class Program
{
    /// <summary>Runs the suite with <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        MicroArguments parsed = MicroArguments.Parse(args);
        Summary[] summaries = [.. BenchmarkSwitcher
            .FromAssembly(typeof(Program).Assembly)
            .Run(parsed.BenchmarkArguments, MicroConfig.Create(parsed.Ci, parsed.Trace))];

        if (summaries.Length == 0)
        {
            if (parsed.IsInformational)
            {
                return 0;
            }

            Console.Error.WriteLine("lwkt-micro: no benchmark ran: the arguments were rejected or the filter matched nothing (see above).");
            return 2;
        }

        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }

    private static int Main(string[] args) => Run(args);
}
