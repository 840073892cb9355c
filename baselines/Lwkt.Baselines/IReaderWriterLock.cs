namespace Lwkt.Baselines;

/// <summary>A reader/writer lock of a baseline family: many readers or one writer. Not recursive.</summary>
public interface IReaderWriterLock
{
    /// <summary>Acquires shared (read) access, waiting while a writer holds or waits for the lock.</summary>
    void EnterRead();

    /// <summary>Releases shared access.</summary>
    void ExitRead();

    /// <summary>Acquires exclusive (write) access.</summary>
    void EnterWrite();

    /// <summary>Releases exclusive access.</summary>
    void ExitWrite();
}
