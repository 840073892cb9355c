namespace Lwkt.Runtime.Tests;

/// <summary>
/// A timing-dependent test (a loaded host that preempts the workers can break it): it runs only with
/// <c>LWKT_STRESS=1</c>, and is reported skipped otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class StressFactAttribute : FactAttribute
{
    /// <summary>Skips unless <c>LWKT_STRESS</c> is <c>1</c>.</summary>
    public StressFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LWKT_STRESS") != "1")
        {
            Skip = "timing-dependent: set LWKT_STRESS=1 to run it";
        }
    }
}
