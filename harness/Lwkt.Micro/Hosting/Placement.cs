namespace Lwkt.Micro.Hosting;

/// <summary>Where the two parties of a two-thread benchmark run.</summary>
public enum Placement
{
    /// <summary>Both on one CPU: one LWKT virtual CPU, or two OS threads pinned to the same host CPU.</summary>
    SameCpu,

    /// <summary>On two CPUs: two pinned LWKT virtual CPUs, or two OS threads pinned to two host CPUs.</summary>
    CrossCpu,

    /// <summary>Tasks on the thread pool, which places them itself.</summary>
    Pool,
}
