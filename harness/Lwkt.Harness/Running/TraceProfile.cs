namespace Lwkt.Harness.Running;

/// <summary>The <c>--trace</c> profiles (docs/architecture.md): which EventPipe providers a cell's session enables.</summary>
public enum TraceProfile
{
    /// <summary>No trace.</summary>
    Off,

    /// <summary>CLR contention, GC and thread pool events.</summary>
    Runtime,

    /// <summary>The <c>Lwkt-Runtime</c> provider.</summary>
    Lwkt,

    /// <summary>The sample profiler.</summary>
    Cpu,

    /// <summary>All of the above.</summary>
    Full,
}
