namespace Lwkt.Harness.Cli;

/// <summary>
/// One workload parameter with the values to run it at (<c>--param cs_ns=10,1000</c>, a suite's <c>params</c>):
/// one value is a setting, several are a sweep, every value a cell of its own.
/// </summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Values">Its values, none empty.</param>
public sealed record ParameterSweep(string Name, IReadOnlyList<string> Values)
{
    /// <summary>Parses <c>name=value</c> or <c>name=v1,v2</c>.</summary>
    /// <exception cref="UsageException">No name, no value, or an empty value.</exception>
    public static ParameterSweep Parse(string text)
    {
        int eq = (text ?? "").IndexOf('=', StringComparison.Ordinal);
        string name = eq > 0 ? text![..eq].Trim() : "";
        string[] values = eq > 0 ? text![(eq + 1)..].Split(',', StringSplitOptions.TrimEntries) : [];
        if (name.Length == 0 || values.Length == 0 || values.Any(v => v.Length == 0))
        {
            throw new UsageException($"--param '{text}' is not of the form name=value (or name=v1,v2)");
        }

        return new ParameterSweep(name, values);
    }

    /// <summary>The written form, <c>name=v1,v2</c> (as recorded in <c>env.json</c>).</summary>
    public override string ToString() => Name + "=" + string.Join(',', Values);
}
