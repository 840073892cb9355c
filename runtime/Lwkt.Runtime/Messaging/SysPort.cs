using System.Runtime.CompilerServices;
using Lwkt.Runtime.Diagnostics;
using Lwkt.Runtime.Native;
using Microsoft.Win32.SafeHandles;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// The sysport of a runtime (lwkt/libcaps: sysport; docs/sysport.md): system calls sent as messages and answered
/// later, so a virtual CPU never blocks in the kernel. The sender blocks as an LWKT thread (its CPU runs other threads;
/// its tokens are released) and the reply wakes it on its own CPU.
/// </summary>
/// <remarks>
/// <para>Two backends (<see cref="Backend"/>, chosen per runtime by <see cref="LwktRuntimeOptions.SysPort"/> and the
/// <c>LWKT_SYSPORT</c> environment variable): with <see cref="SysPortBackend.IoUring"/>, a kernel call
/// (<see cref="KernelCall"/>: sleep, pread, pwrite, fsync, open, close) sent from a worker becomes a request on that
/// virtual CPU's own io_uring, submitted in batches and reaped by the worker, which replies on the CPU where the sender
/// waits; anything else — arbitrary blocking delegates, calls sent from outside the runtime — goes to the fallback
/// threads, which serve everything under <see cref="SysPortBackend.Threads"/>.</para>
/// <para>Use the helpers from inside an LWKT thread — <see cref="NanosleepAsync"/>, <see cref="ReadAsync"/>,
/// <see cref="WriteAsync"/>, <see cref="FsyncAsync"/>, <see cref="OpenAsync"/>, <see cref="CloseAsync"/>,
/// <see cref="CallAsync{T}(Func{T})"/> — or send any <see cref="SystemCallMessage"/> to <see cref="Port"/> yourself,
/// synchronously or asynchronously, abortable with <see cref="SystemCallMessage.InitAbortable(MessagePort)"/>. A message
/// that is not a system call is refused with <see cref="MessageError.InvalidArgument"/>, as a synchronous error.</para>
/// </remarks>
public sealed class SysPort
{
    private static readonly ConditionalWeakTable<LwktRuntime, SysPort> s_ports = [];

    /// <summary>
    /// Bound on fallback OS threads blocked in system calls for one runtime. Each in-flight call holds one (as Go holds
    /// one M per goroutine in a syscall, up to 10,000), so the bound is how many blocking calls may overlap; it is high
    /// because overlapping blocking calls is the point of the sysport. Threads start on demand and exit when idle.
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

    /// <summary>The backend that serves this runtime's kernel calls.</summary>
    public SysPortBackend Backend => Runtime.SysPortBackend;

    /// <summary>System calls replied so far, by both backends.</summary>
    public long CallsServed
    {
        get
        {
            long served = _threads.Served;
            foreach (VirtualCpu cpu in Runtime.Cpus)
            {
                served += (cpu.SysRing?.Completed ?? 0) + cpu.SysTimersCompleted;
            }

            return served;
        }
    }

    /// <summary>Calls replied by the fallback threads.</summary>
    public long CallsServedByThreads => _threads.Served;

    /// <summary>Fallback OS threads alive now (at most <see cref="MaxThreads"/>).</summary>
    public int Threads => _threads.Threads;

    /// <summary>Bound on fallback OS threads: calls beyond it queue.</summary>
    public int MaxThreads => _threads.MaxThreads;

    /// <summary>The sysport of <paramref name="runtime"/>, created on first use. Any thread may call it.</summary>
    public static SysPort For(LwktRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return s_ports.GetValue(runtime, static r => new SysPort(r));
    }

    /// <summary>Now, in nanoseconds of CLOCK_MONOTONIC: the clock of <see cref="NanosleepCall"/> deadlines.</summary>
    public static long NowNanoseconds() => MonotonicClock.NowNanoseconds();

    /// <summary>
    /// Sleeps the calling LWKT thread for <paramref name="duration"/> (CLOCK_MONOTONIC, absolute deadline taken now): a
    /// timer on the caller's CPU, which replies when it is due (see <see cref="NanosleepCall"/>).
    /// </summary>
    public static ValueTask NanosleepAsync(TimeSpan duration)
    {
        long deadline = MonotonicClock.NowNanoseconds() + Math.Max(0, (long)(duration.TotalMicroseconds * 1000));
        return CallCore(new NanosleepCall(deadline));
    }

    /// <summary>
    /// Reads from <paramref name="handle"/> at <paramref name="fileOffset"/> into <paramref name="buffer"/> (pread),
    /// returning the number of bytes read (0 at end of file). Errors are thrown here as <see cref="IOException"/>.
    /// </summary>
    public static async ValueTask<int> ReadAsync(SafeFileHandle handle, Memory<byte> buffer, long fileOffset)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var call = new FileReadCall(handle, buffer, fileOffset);
        await CallCore(call);
        return (int)call.Result;
    }

    /// <summary>Writes all of <paramref name="buffer"/> to <paramref name="handle"/> at <paramref name="fileOffset"/>
    /// (pwrite, again after a short write). Errors are thrown here as <see cref="IOException"/>.</summary>
    public static async ValueTask WriteAsync(SafeFileHandle handle, ReadOnlyMemory<byte> buffer, long fileOffset)
    {
        ArgumentNullException.ThrowIfNull(handle);
        while (!buffer.IsEmpty)
        {
            var call = new FileWriteCall(handle, buffer, fileOffset);
            await CallCore(call);
            if (call.Result == 0)
            {
                throw new IOException("pwrite wrote nothing.");
            }

            buffer = buffer[(int)call.Result..];
            fileOffset += call.Result;
        }
    }

    /// <summary>Flushes <paramref name="handle"/>'s file to its device (fsync).</summary>
    public static ValueTask FsyncAsync(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return CallCore(new FsyncCall(handle));
    }

    /// <summary>
    /// Opens <paramref name="path"/> with Linux open(2) <paramref name="flags"/> (<see cref="OpenCall"/>'s constants) and
    /// returns the owned handle. Errors (ENOENT, EEXIST, ...) are thrown as <see cref="IOException"/>.
    /// </summary>
    public static async ValueTask<SafeFileHandle> OpenAsync(string path, int flags, int mode = 0x1a4)
    {
        var call = new OpenCall(path, flags, mode);
        await CallCore(call);
        return new SafeFileHandle((nint)call.Result, ownsHandle: true);
    }

    /// <summary>
    /// Closes <paramref name="handle"/> through the sysport; the handle is marked invalid first, so its own Dispose
    /// closes nothing. No other call may be using it.
    /// </summary>
    public static ValueTask CloseAsync(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        int fd = (int)handle.DangerousGetHandle();
        handle.SetHandleAsInvalid();
        return CallCore(new CloseCall(fd));
    }

    /// <summary>Runs any blocking <paramref name="call"/> on a fallback thread and returns its result; its exception is
    /// rethrown here.</summary>
    public static async ValueTask<T> CallAsync<T>(Func<T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var msg = new DelegateCall<T>(call);
        await CallCore(msg);
        return msg.Value!;
    }

    /// <summary>Runs any blocking <paramref name="call"/> on a fallback thread; its exception is rethrown here.</summary>
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
        if (PlantedBugs.SysPortWaitKeepsTokens)
        {
            td.PlantedSysPortWait = true;
        }

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
        if (PlantedBugs.SysPortWaitKeepsTokens)
        {
            LwktThread.Self.PlantedSysPortWait = false;
        }

        call.ThrowIfFailed();
    }

    /// <summary>
    /// The put function (lwkt: sysport_putport): a sleep from a worker of this runtime becomes a timer on that CPU, any
    /// other kernel call from a worker goes to that CPU's ring; anything else to the fallback threads; a message that is
    /// not a system call is refused.
    /// </summary>
    private int Put(Message msg)
    {
        if (msg is not SystemCallMessage call)
        {
            return MessageError.InvalidArgument;
        }

        call.Exception = null;
        call._sendSeq++;
        if (call is KernelCall kernel && VirtualCpu.Current is VirtualCpu cpu && cpu.Runtime == Runtime)
        {
            if (kernel is NanosleepCall sleep && Runtime.SysPortSleepsOnTimers)
            {
                cpu.SysTimers.Submit(sleep);
            }
            else if (cpu.SysRing is SysPortRing ring)
            {
                ring.Submit(kernel);
            }
            else
            {
                _threads.Submit(call);
            }
        }
        else
        {
            _threads.Submit(call);
        }

        return MessageError.Async;
    }
}
