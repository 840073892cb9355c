namespace Lwkt.Micro.Yield;

/// <summary>
/// Yield/switch on one CPU, written once; each subclass makes <see cref="Switches"/> switches its runtime's way. A row
/// is the cost of one switch (lwkt 2003: lwkt_yield; docs/targets.md: ≤ 30 ns).
/// </summary>
[BenchmarkCategory(MicroCategories.Yield)]
public abstract class YieldBenchmarks : MicroBenchmark
{
    /// <summary>Switches per invocation.</summary>
    public const int Switches = 200_000;

    /// <summary>One yield that hands the CPU to the other party.</summary>
    [Benchmark(OperationsPerInvoke = Switches)]
    public void Switch() => RunSwitches(Switches);

    /// <summary>Performs <paramref name="switches"/> yields in all.</summary>
    protected abstract void RunSwitches(int switches);
}
