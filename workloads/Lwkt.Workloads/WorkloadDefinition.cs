using Lwkt.Workloads.Execution;

namespace Lwkt.Workloads;

/// <summary>
/// A workload of the catalogue as <c>list</c> shows it: name, what it measures (and what one op is, and how
/// latency is sampled), its parameters with defaults, and whether it can run on a runtime.
/// </summary>
public sealed class WorkloadDefinition
{
    private readonly Func<WorkloadSettings, Workload> _create;
    private readonly Func<string, string?> _unsupported;

    internal WorkloadDefinition(
        string name,
        string description,
        WorkloadParameter[] parameters,
        Func<WorkloadSettings, Workload> create,
        Func<string, string?>? unsupported = null)
    {
        Name = name;
        Description = description;
        Parameters = parameters;
        _create = create;
        _unsupported = unsupported ?? (static _ => null);
    }

    /// <summary>The workload's name (a contract: it never changes meaning).</summary>
    public string Name { get; }

    /// <summary>What it measures, what one op is, how latency is sampled and how the result is validated.</summary>
    public string Description { get; }

    /// <summary>The parameters, each with its default.</summary>
    public IReadOnlyList<WorkloadParameter> Parameters { get; }

    /// <summary>
    /// Why the workload cannot mean anything on <paramref name="runtime"/>; <see langword="null"/> when it runs. A floor
    /// (<see cref="RuntimeCatalog.Floors"/>) runs only the workload it is the floor of.
    /// </summary>
    public string? UnsupportedReason(string runtime) => RuntimeCatalog.FloorUnsupportedReason(runtime, Name) ?? _unsupported(runtime);

    /// <summary>Creates a fresh instance for one iteration.</summary>
    internal Workload Create(WorkloadSettings settings) => _create(settings);

    /// <summary>Checks the given parameters against <see cref="Parameters"/> and fills in defaults.</summary>
    /// <exception cref="ArgumentException">An unknown name or a bad value.</exception>
    internal SortedDictionary<string, string> Bind(IReadOnlyDictionary<string, string> given)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> pair in given)
        {
            WorkloadParameter? parameter = Find(pair.Key.Trim());
            if (parameter is null)
            {
                string known = Parameters.Count == 0 ? "none" : string.Join(", ", Parameters.Select(p => p.Name));
                throw new ArgumentException($"workload '{Name}' has no parameter '{pair.Key}' (parameters: {known})");
            }

            values[parameter.Name] = parameter.Normalize(Name, pair.Value);
        }

        foreach (WorkloadParameter parameter in Parameters)
        {
            values.TryAdd(parameter.Name, parameter.Default);
        }

        return values;
    }

    private WorkloadParameter? Find(string name)
    {
        foreach (WorkloadParameter parameter in Parameters)
        {
            if (string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return parameter;
            }
        }

        return null;
    }
}
