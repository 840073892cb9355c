namespace Lwkt.Harness.Tracing;

/// <summary>
/// One counted quantity of a trace diff on both sides: per operation when both traces know their operations,
/// otherwise as totals (<see cref="TraceDiff.PerOp"/>).
/// </summary>
/// <param name="Group">What it belongs to: <c>lwkt</c>, <c>contention</c>, <c>gc</c>, <c>suspension</c>, <c>samples</c>, <c>events</c>.</param>
/// <param name="Name">The quantity, e.g. <c>switches</c> or <c>token counter#1 wait ns</c>.</param>
/// <param name="BaseCount">The base trace's raw total.</param>
/// <param name="NewCount">The new trace's raw total.</param>
/// <param name="Base">The base value compared: per op, or the total.</param>
/// <param name="New">The new value compared.</param>
public sealed record RateRow(string Group, string Name, double BaseCount, double NewCount, double Base, double New)
{
    /// <summary>Relative change new/base − 1; +∞ when only the new side has it.</summary>
    public double Change => Base == 0 ? (New == 0 ? 0 : double.PositiveInfinity) : (New / Base) - 1;

    /// <summary>How far it moved, for ordering: |log(new/base)|, with a side at zero counted as a tenfold move.</summary>
    public double Magnitude => Base == 0 || New == 0 ? (Base == New ? 0 : Math.Log(10)) : Math.Abs(Math.Log(New / Base));
}
