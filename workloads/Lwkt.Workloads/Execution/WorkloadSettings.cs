using System.Globalization;

namespace Lwkt.Workloads.Execution;

/// <summary>
/// A cell's bound settings as a workload sees them: the normalised parameter values (defaults filled in) and the
/// cell's shape. Immutable; one instance serves every iteration of a <see cref="CellRunner"/>.
/// </summary>
internal sealed class WorkloadSettings
{
    private readonly SortedDictionary<string, string> _values;

    public WorkloadSettings(CellSpec spec, SortedDictionary<string, string> values)
    {
        Spec = spec;
        _values = values;
        Canonical = string.Join(';', values.Select(pair => $"{pair.Key}={pair.Value}"));
    }

    /// <summary>The cell.</summary>
    public CellSpec Spec { get; }

    /// <summary>The cell's core count.</summary>
    public int Cores => Spec.Cores;

    /// <summary>The cell's thread count (each workload says how it maps it).</summary>
    public int Threads => Spec.Threads;

    /// <summary>Every parameter, sorted by name, as <c>k=v;k=v</c>.</summary>
    public string Canonical { get; }

    /// <summary>An integer parameter's value.</summary>
    public long Long(string name) => long.Parse(_values[name], CultureInfo.InvariantCulture);

    /// <summary>An integer parameter known to fit an <see cref="int"/> (its range says so).</summary>
    public int Int(string name) => checked((int)Long(name));

    /// <summary>A choice parameter's canonical value.</summary>
    public string Text(string name) => _values[name];
}
