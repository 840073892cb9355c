namespace Lwkt.Harness.Tracing;

/// <summary>A count with the total and the largest of its durations (nanoseconds); durations are optional.</summary>
public sealed class DurationStats
{
    /// <summary>How many.</summary>
    public long Count { get; private set; }

    /// <summary>How many of them carried a duration.</summary>
    public long Timed { get; private set; }

    /// <summary>Sum of the durations, ns.</summary>
    public double TotalNs { get; private set; }

    /// <summary>The longest duration, ns.</summary>
    public double MaxNs { get; private set; }

    /// <summary>Mean duration of the timed ones, ns (NaN when none was timed).</summary>
    public double MeanNs => Timed == 0 ? double.NaN : TotalNs / Timed;

    /// <summary>Counts one without a duration.</summary>
    public void Add() => Count++;

    /// <summary>Counts one with <paramref name="ns"/> (ignored when not a finite non-negative number).</summary>
    public void Add(double ns)
    {
        Count++;
        AddDuration(ns);
    }

    /// <summary>Adds a duration to one already counted (a stop that ends a counted start).</summary>
    public void AddDuration(double ns)
    {
        if (double.IsFinite(ns) && ns >= 0)
        {
            Timed++;
            TotalNs += ns;
            MaxNs = Math.Max(MaxNs, ns);
        }
    }
}
