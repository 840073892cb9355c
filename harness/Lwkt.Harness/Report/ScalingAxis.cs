namespace Lwkt.Harness.Report;

/// <summary>The key column a scaling chart puts on its x axis; the other one is held fixed per line.</summary>
public enum ScalingAxis
{
    /// <summary>x = cores (CPUs the child may use); lines hold threads fixed, or follow the run's thread choice.</summary>
    Cores,

    /// <summary>x = workload threads; lines hold cores fixed, or follow the run's core choice.</summary>
    Threads,
}
