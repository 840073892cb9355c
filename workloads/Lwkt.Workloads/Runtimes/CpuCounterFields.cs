using System.Linq.Expressions;
using System.Reflection;
using Lwkt.Runtime;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// Every field of <see cref="CpuCounters"/> as a runtime counter under its own name (<c>Switches</c>,
/// <c>IpisSent</c>, <c>IdleSleeps</c>…; a <see cref="TimeSpan"/> field in nanoseconds under its name with an
/// <c>Ns</c> suffix, <c>IdleSpinNs</c>), so a metric over any of them (<c>Metric.Counter</c>) needs no code here and a
/// counter added to <see cref="CpuCounters"/> is reported without an edit.
/// </summary>
/// <remarks>
/// The getters are compiled once, when the type is first used (the <c>lwkt</c> runtime's creation, before any
/// iteration); reading them copies the struct and neither boxes nor allocates, as
/// <see cref="WorkloadRuntime.ReadCounters"/> requires. A field of another type fails that first use.
/// </remarks>
internal static class CpuCounterFields
{
    private static readonly (string Name, Func<CpuCounters, long> Read)[] s_fields = Compile();

    /// <summary>Reports every field of <paramref name="value"/> to <paramref name="counters"/>.</summary>
    public static void Report(in CpuCounters value, RuntimeCounters counters)
    {
        foreach ((string name, Func<CpuCounters, long> read) in s_fields)
        {
            counters.Report(name, read(value));
        }
    }

    private static (string, Func<CpuCounters, long>)[] Compile()
    {
        ParameterExpression counters = Expression.Parameter(typeof(CpuCounters), "counters");
        return [.. typeof(CpuCounters).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(Field)];

        (string, Func<CpuCounters, long>) Field(PropertyInfo property)
        {
            MemberExpression value = Expression.Property(counters, property);
            return property.PropertyType == typeof(long)
                ? (property.Name, Expression.Lambda<Func<CpuCounters, long>>(value, counters).Compile())
                : property.PropertyType == typeof(TimeSpan)
                    ? (property.Name + "Ns", Expression.Lambda<Func<CpuCounters, long>>(
                        Expression.Multiply(Expression.Property(value, nameof(TimeSpan.Ticks)), Expression.Constant(TimeSpan.NanosecondsPerTick)),
                        counters).Compile())
                    : throw new InvalidOperationException(
                        $"CpuCounters.{property.Name} is a {property.PropertyType.Name}: a runtime counter is a long or a TimeSpan");
        }
    }
}
