namespace Lwkt.Workloads.Abstractions;

/// <summary>An exclusive lock of some runtime. Ids are unique per runtime instance and give the global order.</summary>
public abstract class RtLock
{
    private static int s_nextId;

    /// <summary>Creates a lock with a fresh id.</summary>
    protected RtLock(string name)
    {
        Name = name;
        Id = Interlocked.Increment(ref s_nextId);
    }

    /// <summary>The lock's name (for traces and errors).</summary>
    public string Name { get; }

    /// <summary>A process-unique id; mutex runtimes sort by it to acquire lock sets without deadlock.</summary>
    public int Id { get; }

    /// <summary>Acquires the lock, blocking (or switching out) until it is held.</summary>
    public abstract ValueTask AcquireAsync();

    /// <summary>Tries once without blocking.</summary>
    public abstract bool TryAcquire();

    /// <summary>Releases a lock the calling thread holds.</summary>
    public abstract void Release();
}

/// <summary>A reader/writer lock of some runtime.</summary>
public abstract class RtRwLock
{
    /// <summary>Acquires shared (read) access.</summary>
    public abstract ValueTask AcquireSharedAsync();

    /// <summary>Releases shared access.</summary>
    public abstract void ReleaseShared();

    /// <summary>Acquires exclusive (write) access.</summary>
    public abstract ValueTask AcquireExclusiveAsync();

    /// <summary>Releases exclusive access.</summary>
    public abstract void ReleaseExclusive();
}
