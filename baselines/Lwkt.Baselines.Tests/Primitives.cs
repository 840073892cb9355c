using Lwkt.Baselines.Futexes;
using Lwkt.Baselines.Monitors;
using Lwkt.Baselines.Spinning;

namespace Lwkt.Baselines.Tests;

/// <summary>Every baseline implementation of each interface, by a short name the theories use.</summary>
internal static class Primitives
{
    public static IExclusiveLock Lock(string kind) => kind switch
    {
        "futex" => new FutexMutex(),
        "ttas" => new TtasSpinLock(),
        "ticket" => new TicketSpinLock(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static IReaderWriterLock RwLock(string kind) => kind switch
    {
        "futex" => new FutexRwLock(),
        "spin" => new SpinRwLock(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static ISequenceEvent Sequence(string kind) => kind switch
    {
        "futex" => new FutexSequence(),
        "spin" => new SpinSequence(),
        "monitor" => new MonitorSequence(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static IBlockingQueue<long> Queue(string kind) => kind switch
    {
        "futex" => new FutexQueue<long>(),
        "spin" => new SpinQueue<long>(),
        "monitor" => new MonitorQueue<long>(),
        "lock" => new LockQueue<long>(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static ICompletion Completion(string kind) => kind switch
    {
        "futex" => new FutexCompletion(),
        "spin" => new SpinCompletion(),
        "monitor" => new MonitorCompletion(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
