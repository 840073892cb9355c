using System.Globalization;

namespace Lwkt.Workloads;

/// <summary>
/// One parameter of a workload: its name, default, unit and meaning, and the values it accepts. Values are
/// normalised (<c>0100</c> becomes <c>100</c>) so equal settings give equal canonical strings.
/// </summary>
public sealed class WorkloadParameter
{
    private readonly long _min;
    private readonly long _max;
    private readonly string[]? _choices;

    /// <summary>The accepted values; the factories below name the parameter in the initializer.</summary>
    private WorkloadParameter(long min, long max, string[]? choices)
    {
        _min = min;
        _max = max;
        _choices = choices;
    }

    /// <summary>The name used in <c>--param name=value</c> and in the canonical parameter string.</summary>
    public required string Name { get; init; }

    /// <summary>The value used when the cell does not give one.</summary>
    public required string Default { get; init; }

    /// <summary>The unit (<c>ns</c>, <c>us</c>, <c>%</c>, <c>count</c>, <c>0/1</c>) or the accepted choices.</summary>
    public required string Unit { get; init; }

    /// <summary>What the parameter controls.</summary>
    public required string Description { get; init; }

    /// <summary>The accepted values of a choice parameter; <see langword="null"/> for an integer parameter.</summary>
    public IReadOnlyList<string>? Choices => _choices;

    /// <summary>An integer parameter accepting <paramref name="min"/>..<paramref name="max"/>.</summary>
    internal static WorkloadParameter Integer(string name, long defaultValue, long min, long max, string unit, string description) =>
        new(min, max, null)
        {
            Name = name,
            Default = defaultValue.ToString(CultureInfo.InvariantCulture),
            Unit = unit,
            Description = $"{description} ({min}..{max})",
        };

    /// <summary>Most CPU work one parameter may ask for: one second (a longer op would outlast an iteration).</summary>
    private const long MaxCpuWorkNs = 1_000_000_000;

    /// <summary>An amount of CPU work in nanoseconds (<c>CpuWork.Spin</c>), 0 up to one second.</summary>
    internal static WorkloadParameter CpuWork(string name, long defaultValue, string description) =>
        Integer(name, defaultValue, 0, MaxCpuWorkNs, "ns", description);

    /// <summary>A parameter accepting one of <paramref name="choices"/> (compared ignoring case).</summary>
    internal static WorkloadParameter Choice(string name, string defaultValue, string[] choices, string description) =>
        new(0, 0, choices)
        {
            Name = name,
            Default = defaultValue,
            Unit = string.Join('|', choices),
            Description = description,
        };

    /// <summary>Checks <paramref name="value"/> and returns its canonical spelling.</summary>
    /// <exception cref="ArgumentException">The value is malformed or out of range.</exception>
    internal string Normalize(string workload, string value)
    {
        string trimmed = value.Trim();
        if (_choices is not null)
        {
            foreach (string choice in _choices)
            {
                if (string.Equals(choice, trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    return choice;
                }
            }

            throw new ArgumentException($"parameter '{Name}' of workload '{workload}' must be one of {Unit}, not '{value}'");
        }

        if (!long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number))
        {
            throw new ArgumentException($"parameter '{Name}' of workload '{workload}' must be an integer, not '{value}'");
        }

        if (number < _min || number > _max)
        {
            throw new ArgumentException($"parameter '{Name}' of workload '{workload}' must be in {_min}..{_max}, not {number}");
        }

        return number.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}={Default}";
}
