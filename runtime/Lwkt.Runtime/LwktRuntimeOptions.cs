namespace Lwkt.Runtime;

/// <summary>Settings of an <see cref="LwktRuntime"/>.</summary>
public sealed record LwktRuntimeOptions
{
    /// <summary>Virtual CPUs (M); null means <see cref="Environment.ProcessorCount"/>.</summary>
    public int? Cpus { get; init; }

    /// <summary>Pin each worker to one host CPU of the process's allowed set (CPU i to the i-th allowed CPU).</summary>
    public bool Pin { get; init; }

    /// <summary>How long a thread may run before <see cref="LwktThread.MaybeYieldAsync"/> switches (lwkt: the hz tick).</summary>
    public TimeSpan TimeSlice { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Spin iterations of the idle loop (about 20 pause instructions each) before it sleeps in the kernel.</summary>
    public int IdleSpins { get; init; } = 2000;
}
