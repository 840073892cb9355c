using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// The sysport of a runtime (lwkt/libcaps: sysport; docs/sysport.md): blocking system calls sent as messages and served off the
/// virtual CPUs by a small pool of dedicated OS threads, so a worker never blocks in the kernel. The sender blocks as
/// an LWKT thread (its CPU runs other threads; its tokens are released) and the reply wakes it on its own CPU.
/// </summary>
/// <remarks>
/// <para>Use the helpers from inside an LWKT thread — <see cref="NanosleepAsync"/>, <see cref="ReadAsync"/>,
/// <see cref="WriteAsync"/>, <see cref="CallAsync{T}(Func{T})"/> — or send any <see cref="SystemCallMessage"/> to
/// <see cref="Port"/> yourself, synchronously (<see cref="MessagePort.SendAndWaitAsync"/>) or asynchronously
/// (<see cref="MessagePort.Send"/>, the reply arriving on the message's reply port: what the seed's polling sysport
/// could only do for root). A message that is not a system call is refused with
/// <see cref="MessageError.InvalidArgument"/>, as a synchronous error.</para>
/// <para>One sysport per runtime (<see cref="For"/>); its threads start on demand and exit when idle.</para>
/// </remarks>
public sealed class SysPort
{
    private static readonly ConditionalWeakTable<LwktRuntime, SysPort> s_ports = [];

    /// <summary>
    /// Bound on OS threads blocked in system calls for one runtime. Each in-flight call holds one (as Go holds one M per
    /// goroutine in a syscall, up to 10,000), so the bound is how many blocking calls may overlap; it is high because
    /// overlapping blocking calls is the point of the sysport. Threads start on demand and exit when idle.
    /// </summary>
    public const int MaxServingThreads = 256;

    private readonly SysPortThreads _threads;

    private SysPort(LwktRuntime runtime)
    {
        Runtime = runtime;
        _threads = new SysPortThreads(MaxServingThreads, "lwkt-sysport");
        Port = MessagePort.CreatePutOnlyPort(Put);
    }

    /// <summary>The runtime whose threads this sysport serves.</summary>
    public LwktRuntime Runtime { get; }

    /// <summary>The port system call messages are sent to (lwkt: sysport).</summary>
    public MessagePort Port { get; }

    /// <summary>System calls served (replied) so far.</summary>
    public long CallsServed => _threads.Served;

    /// <summary>Serving OS threads alive now (at most <see cref="MaxThreads"/>).</summary>
    public int Threads => _threads.Threads;

    /// <summary>Bound on serving OS threads: calls beyond it queue.</summary>
    public int MaxThreads => _threads.MaxThreads;

    /// <summary>The sysport of <paramref name="runtime"/>, created on first use. Any thread may call it.</summary>
    public static SysPort For(LwktRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return s_ports.GetValue(runtime, static r => new SysPort(r));
    }

    /// <summary>
    /// Sleeps the calling LWKT thread for <paramref name="duration"/> in a kernel nanosleep on a sysport thread
    /// (CLOCK_MONOTONIC, absolute deadline taken now: sub-millisecond accurate).
    /// </summary>
    public static ValueTask NanosleepAsync(TimeSpan duration)
    {
        long deadline = MonotonicClock.NowNanoseconds() + Math.Max(0, (long)(duration.TotalMicroseconds * 1000));
        return CallCore(new NanosleepCall(deadline));
    }

    /// <summary>
    /// Reads from <paramref name="handle"/> at <paramref name="fileOffset"/> into <paramref name="buffer"/> on a sysport
    /// thread (pread), returning the number of bytes read (0 at end of file). I/O errors are rethrown here.
    /// </summary>
    public static async ValueTask<int> ReadAsync(SafeFileHandle handle, Memory<byte> buffer, long fileOffset)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var call = new FileReadCall(handle, buffer, fileOffset);
        await CallCore(call);
        return (int)call.Result;
    }

    /// <summary>Writes all of <paramref name="buffer"/> to <paramref name="handle"/> at <paramref name="fileOffset"/> on a
    /// sysport thread (pwrite). I/O errors are rethrown here.</summary>
    public static ValueTask WriteAsync(SafeFileHandle handle, ReadOnlyMemory<byte> buffer, long fileOffset)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return CallCore(new FileWriteCall(handle, buffer, fileOffset));
    }

    /// <summary>Runs any blocking <paramref name="call"/> on a sysport thread and returns its result; its exception is
    /// rethrown here.</summary>
    public static async ValueTask<T> CallAsync<T>(Func<T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var msg = new DelegateCall<T>(call);
        await CallCore(msg);
        return msg.Value!;
    }

    /// <summary>Runs any blocking <paramref name="call"/> on a sysport thread; its exception is rethrown here.</summary>
    public static ValueTask CallAsync(Action call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return CallCore(new DelegateCall<bool>(() =>
        {
            call();
            return true;
        }));
    }

    /// <summary>Sends <paramref name="call"/> from the current LWKT thread, replying to its own port, and waits.</summary>
    private static ValueTask CallCore(SystemCallMessage call)
    {
        LwktThread td = LwktThread.Self;
        call.Init(td.Port);
        ValueTask<int> pending = For(td.Cpu.Runtime).Port.SendAndWaitAsync(call);
        if (pending.IsCompletedSuccessfully)
        {
            call.ThrowIfFailed();
            return default;
        }

        return AwaitCall(pending, call);
    }

    private static async ValueTask AwaitCall(ValueTask<int> pending, SystemCallMessage call)
    {
        await pending;
        call.ThrowIfFailed();
    }

    /// <summary>The put function (lwkt: sysport_putport): queue for the serving threads; refuse anything else.</summary>
    private int Put(Message msg)
    {
        if (msg is not SystemCallMessage call)
        {
            return MessageError.InvalidArgument;
        }

        call.Exception = null;
        _threads.Submit(call);
        return MessageError.Async;
    }
}
