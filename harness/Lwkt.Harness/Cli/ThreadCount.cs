namespace Lwkt.Harness.Cli;

/// <summary>A thread count as written: absolute (<c>64</c>) or per core (<c>4x</c>, oversubscription).</summary>
/// <param name="Value">The number, or the multiplier when <paramref name="PerCore"/>.</param>
/// <param name="PerCore">Whether the count is <paramref name="Value"/> × the cell's cores.</param>
public readonly record struct ThreadCount(int Value, bool PerCore)
{
    /// <summary>The thread count for a cell of <paramref name="cores"/> CPUs.</summary>
    public int Resolve(int cores) => PerCore ? Value * cores : Value;

    /// <summary>The written form (<c>64</c>, <c>4x</c>).</summary>
    public override string ToString() => PerCore ? $"{Value}x" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
