namespace Lwkt.Harness.Tests.Ci;

/// <summary>A test too slow for the default run (minutes): it runs only with <c>LWKT_STRESS=1</c>, and is reported skipped otherwise.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class StressFactAttribute : FactAttribute
{
    /// <summary>The variable that enables stress tests.</summary>
    public const string Variable = "LWKT_STRESS";

    /// <summary>Skips unless <see cref="Variable"/> is <c>1</c>.</summary>
    public StressFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"slow: set {Variable}=1 to run it";
        }
    }
}
