namespace Lwkt.Workloads.Measurement;

/// <summary>
/// The values of one iteration's metrics (<see cref="Metric.All"/>), one slot each; <see langword="null"/> is "not
/// measured" (written as an empty CSV field, never as 0). Infinity and NaN are not measurements: storing one stores
/// null. Integer metrics are rounded on the way in.
/// </summary>
/// <remarks>Linked into the harness with <see cref="Metric"/>; the wire form is a name → value map.</remarks>
public sealed class MetricValues
{
    private readonly double?[] _values = new double?[Metric.All.Count];

    /// <summary>The value of <paramref name="metric"/>, or null when it was not measured.</summary>
    public double? this[Metric metric]
    {
        get => _values[metric.Index];
        set => _values[metric.Index] = value is double v && double.IsFinite(v) ? (metric.Integer ? Math.Round(v) : v) : null;
    }

    /// <summary>The measured values keyed by column name (the ITERATION message's <c>metrics</c>).</summary>
    public Dictionary<string, double> ToWire()
    {
        var wire = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Metric metric in Metric.All)
        {
            if (_values[metric.Index] is double v)
            {
                wire[metric.Name] = v;
            }
        }

        return wire;
    }

    /// <summary>Values from the wire form; names this build does not know are ignored.</summary>
    public static MetricValues FromWire(IReadOnlyDictionary<string, double>? wire)
    {
        var values = new MetricValues();
        if (wire is null)
        {
            return values;
        }

        foreach ((string name, double value) in wire)
        {
            if (Metric.ByName(name) is { } metric)
            {
                values[metric] = value;
            }
        }

        return values;
    }
}
