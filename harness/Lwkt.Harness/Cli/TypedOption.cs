using System.CommandLine;
using System.CommandLine.Parsing;
using Lwkt.Harness.Machine;

namespace Lwkt.Harness.Cli;

/// <summary>
/// Options whose values are parsed once, by System.CommandLine, into the types the commands use: a command reads
/// <c>TimeSpan?</c>, <see cref="CoreSelection"/>, <see cref="ThreadCount"/> lists and so on, never a string to parse
/// again. A malformed value becomes a parse error carrying the <see cref="ValueParsers"/> message, which
/// <see cref="CliRunner"/> prints as one line with exit code 2. A value that is not given reads as null (or the
/// option's default).
/// </summary>
public static class TypedOption
{
    /// <summary>An option of one value parsed by <paramref name="parse"/>, which throws <see cref="UsageException"/>.</summary>
    public static Option<T> Create<T>(string name, string description, string helpName, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new Option<T>(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result => Parse(result, parse),
        };
    }

    /// <summary>A duration (<c>150ms</c>, <c>1.5s</c>, <c>2m</c>); with <paramref name="offAllowed"/>, <c>0</c> or <c>off</c> is zero.</summary>
    public static Option<TimeSpan?> Duration(string name, string description, bool offAllowed = false) =>
        Create<TimeSpan?>(name, description, "TIME", text => offAllowed && text.Trim() is "0" or "off"
            ? TimeSpan.Zero
            : ValueParsers.ParseDuration(text, name));

    /// <summary>A whole number in <paramref name="min"/>..<paramref name="max"/>.</summary>
    public static Option<int?> Integer(string name, string description, int min, int max = int.MaxValue, string helpName = "N") =>
        Create<int?>(name, description, helpName, text => ValueParsers.ParseInt(text, name, min, max));

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>], or (<paramref name="min"/>, max] when <paramref name="minExclusive"/>.</summary>
    public static Option<double?> Number(string name, string description, double min, double max, bool minExclusive = false) =>
        Create<double?>(name, description, "X", text => ValueParsers.ParseNumber(text, name, min, max, minExclusive));

    /// <summary>
    /// Core counts (<c>1,2</c>, <c>all</c>, <c>sweep</c>). The syntax is checked, and the counts against the CPUs this
    /// process may use now, so a count beyond the machine fails before anything starts.
    /// </summary>
    public static Option<CoreSelection?> Cores(string name, string description, string helpName = "LIST") =>
        Create<CoreSelection?>(name, description, helpName, text =>
        {
            CoreSelection selection = CoreSelection.Parse(text, name);
            selection.Resolve(CpuTopology.Current().Count, name);
            return selection;
        });

    /// <summary>Thread counts (<c>4</c>, <c>1,64</c>, <c>2x</c> per core, <c>sweep</c>).</summary>
    public static Option<IReadOnlyList<ThreadCount>?> Threads(string name, string description) =>
        Create<IReadOnlyList<ThreadCount>?>(name, description, "LIST", text => ValueParsers.ParseThreads(text, name));

    /// <summary><c>I/N</c>: shard I of N.</summary>
    public static Option<(int Index, int Count)?> Shard(string name, string description) =>
        Create<(int Index, int Count)?>(name, description, "I/N", text => ValueParsers.ParseShard(text));

    /// <summary>One of <paramref name="choices"/> (case-insensitive), by its written name.</summary>
    public static Option<T?> Choice<T>(string name, string description, IReadOnlyList<(string Name, T Value)> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        string names = string.Join(", ", choices.Select(c => c.Name));
        return Create<T?>(name, description, string.Join('|', choices.Select(c => c.Name)), text =>
        {
            string key = text.Trim();
            foreach ((string choice, T value) in choices)
            {
                if (string.Equals(choice, key, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            throw new UsageException($"{name} '{text}' is not one of {names}");
        });
    }

    /// <summary>
    /// A list of names, comma-separated and repeatable (<c>--runtimes lwkt,os-lock --runtimes tpl-async</c>): in order,
    /// duplicates dropped, no empty name. Whether a name exists is for the command to say.
    /// </summary>
    public static Option<IReadOnlyList<string>?> Names(string name, string description)
    {
        var option = new Option<IReadOnlyList<string>?>(name)
        {
            Description = description,
            HelpName = "NAMES",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = result => Parse(result, _ => ValueParsers.ParseNames(result.Tokens.Select(t => t.Value), name)),
        };
        return option;
    }

    /// <summary>Workload parameters, repeatable: <c>--param cs_ns=100 --param think_ns=10,1000</c>.</summary>
    public static Option<IReadOnlyList<ParameterSweep>> Parameters(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "K=V",
        Arity = ArgumentArity.OneOrMore,
        DefaultValueFactory = _ => [],
        CustomParser = result => Parse<IReadOnlyList<ParameterSweep>>(
            result, _ => [.. result.Tokens.Select(t => ParameterSweep.Parse(t.Value))]) ?? [],
    };

    /// <summary>Runs <paramref name="parse"/> on the option's one token; its <see cref="UsageException"/> becomes a parse error.</summary>
    private static T? Parse<T>(ArgumentResult result, Func<string, T> parse)
    {
        try
        {
            return parse(result.Tokens.Count > 0 ? result.Tokens[^1].Value : "");
        }
        catch (UsageException ex)
        {
            result.AddError(ex.Message);
            return default;
        }
    }
}
