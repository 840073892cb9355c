using System.Globalization;
using Lwkt.Runtime;
using Lwkt.Runtime.Messaging;
using Microsoft.Win32.SafeHandles;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// The sysport under abort races and real file I/O (lwkt, real time only: its completions come from the kernel at
/// times no seed controls; docs/sysport.md). Each client opens a file of its own through the sysport, then loops:
/// an abortable sleep of up to 200 µs sent asynchronously and aborted at a random moment (sometimes twice), or a
/// pwrite of a random block, sometimes an fsync, and a pread of it back. Checks: every sleep is replied exactly once,
/// with no error (and never before its deadline) or Aborted; an abort after the reply does nothing; no second reply
/// ever arrives; every block reads back as written; at the end replies equal sends.
/// </summary>
internal sealed class SysPortStressor : ITortureStressor
{
    private const int Block = 512;
    private const int Blocks = 64;

    private readonly TortureContext _ctx;
    private readonly MessagePort _sysport;
    private readonly StatGroup _group;
    private readonly string _dir;
    private long _sends;
    private long _replies;
    private long _aborted;
    private long _blocks;

    public SysPortStressor(TortureContext ctx, LwktRuntime lwkt)
    {
        _ctx = ctx;
        _sysport = SysPort.For(lwkt).Port;
        _dir = Directory.CreateTempSubdirectory("lwkt-torture-sysport-").FullName;
        string backend = lwkt.SysPortBackend == SysPortBackend.IoUring ? "io_uring" : "threads";
        _group = ctx.AddGroup("Sysport", () => string.Create(
            CultureInfo.InvariantCulture,
            $"({backend}: sleeps {Volatile.Read(ref _sends)}, replied aborted {Volatile.Read(ref _aborted)}, blocks written and read {Volatile.Read(ref _blocks)})"));
        ctx.AddThreads("sys", Math.Max(1, ctx.Options.Cores), _group, ClientAsync);
    }

    /// <inheritdoc/>
    public void CheckEnd()
    {
        if (Volatile.Read(ref _replies) != Volatile.Read(ref _sends))
        {
            _ctx.Fail(_group, $"counters: {_replies} replies to {_sends} sleeps sent");
        }

        Directory.Delete(_dir, recursive: true);
    }

    private async ValueTask ClientAsync(TortureThread t)
    {
        _ctx.Enter(t, TorturePhase.Call);
        SafeFileHandle file = await SysPort.OpenAsync(Path.Combine(_dir, t.Name), OpenCall.ReadWrite | OpenCall.Create | OpenCall.Truncate);
        _ctx.Enter(t, TorturePhase.Run);
        var sleep = new NanosleepCall(0);
        byte[] written = new byte[Block];
        byte[] read = new byte[Block];
        try
        {
            while (await _ctx.LoopTopAsync(t))
            {
                if (TortureContext.Chance(t, 3))
                {
                    await WriteAndReadBackAsync(t, file, written, read);
                }
                else
                {
                    await SleepAndMaybeAbortAsync(t, sleep);
                }

                t.AddOp();
            }
        }
        finally
        {
            await SysPort.CloseAsync(file);
        }
    }

    private async ValueTask WriteAndReadBackAsync(TortureThread t, SafeFileHandle file, byte[] written, byte[] read)
    {
        long offset = (long)t.Random.Below(Blocks) * Block;
        for (int i = 0; i < written.Length; i++)
        {
            written[i] = (byte)t.Random.Below(256);
        }

        _ctx.Enter(t, TorturePhase.Call);
        await SysPort.WriteAsync(file, written, offset);
        if (TortureContext.Chance(t, 8))
        {
            await SysPort.FsyncAsync(file);
        }

        int n = await SysPort.ReadAsync(file, read, offset);
        _ctx.Enter(t, TorturePhase.Run);
        if (n != Block || !read.AsSpan().SequenceEqual(written))
        {
            _ctx.Fail(_group, $"files: {t.Name} read back {n} bytes at {offset} that differ from what it wrote");
        }

        Interlocked.Increment(ref _blocks);
    }

    private async ValueTask SleepAndMaybeAbortAsync(TortureThread t, NanosleepCall sleep)
    {
        MessagePort mine = LwktThread.Current!.Port;
        sleep.Deadline = SysPort.NowNanoseconds() + t.Random.Below(200_000);
        sleep.InitAbortable(mine);
        Interlocked.Increment(ref _sends);
        _sysport.Send(sleep);
        int error = await _ctx.RaceAbortThenWaitAsync(t, sleep);
        _ctx.Enter(t, TorturePhase.Run);
        Interlocked.Increment(ref _replies);
        if (error == MessageError.Aborted)
        {
            Interlocked.Increment(ref _aborted);
        }
        else if (error != MessageError.None)
        {
            _ctx.Fail(_group, $"sleeps: {t.Name}'s sleep came back with error {error}");
        }
        else if (SysPort.NowNanoseconds() < sleep.Deadline)
        {
            _ctx.Fail(_group, $"sleeps: {t.Name}'s sleep was replied before its deadline");
        }

        if (sleep.Abort())
        {
            _ctx.Fail(_group, $"sleeps: an abort after the reply called the abort function ({t.Name})");
        }

        if (mine.GetPort() is Message stray)
        {
            _ctx.Fail(_group, $"sleeps: {t.Name} got a second reply ({stray.GetType().Name})");
        }
    }
}
