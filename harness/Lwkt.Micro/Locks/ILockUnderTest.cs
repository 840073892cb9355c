namespace Lwkt.Micro.Locks;

/// <summary>
/// A lock's operations struct as a lock benchmark holds it (<see cref="LockBenchmarks{TLock}"/>): it makes the lock it
/// wraps. A lock that owns disposable resources also implements <see cref="IDisposable"/>; the global cleanup disposes it.
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
public interface ILockUnderTest<TSelf>
    where TSelf : struct, ILockUnderTest<TSelf>
{
    /// <summary>Virtual CPUs of the LWKT runtime the lock needs (<see cref="MicroBenchmark.LwktCpus"/>); 0, none.</summary>
    static virtual int LwktCpus => 0;

    /// <summary>Creates the lock (called in the global setup, after the LWKT runtime started).</summary>
    static abstract TSelf Create();
}
