using System.Globalization;
using System.Text;

namespace Lwkt.Harness.Running;

/// <summary>
/// The identity of a cell: the key columns of docs/architecture.md (<c>workload, runtime, cores, threads, params</c>), with
/// <see cref="Params"/> in canonical form. Two rows describe the same cell exactly when their keys are equal;
/// <c>--resume</c>, <c>--shard</c>, <c>merge</c> and the summary all rely on that.
/// </summary>
public sealed record CellKey(string Workload, string Runtime, int Cores, int Threads, string Params)
{
    /// <summary>The key of a results row.</summary>
    public static CellKey Of(Results.ResultRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.Workload, row.Runtime, row.Cores, row.Threads, row.Params);
    }

    /// <summary>A readable form for progress lines and messages: <c>counter os-monitor cores=2 threads=4 [cs_ns=100]</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Workload} {Runtime} cores={Cores} threads={Threads}")
        + (Params.Length > 0 ? $" [{Params}]" : "");

    /// <summary>A file-name-safe form for per-cell files (<c>traces/&lt;slug&gt;.nettrace</c>).</summary>
    public string Slug
    {
        get
        {
            var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{Workload}_{Runtime}_c{Cores}_t{Threads}"));
            if (Params.Length > 0)
            {
                text.Append('_');
                foreach (char c in Params)
                {
                    text.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : c == ';' ? '_' : '-');
                }
            }

            return text.ToString();
        }
    }
}
