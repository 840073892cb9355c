namespace Lwkt.Workloads.Torture;

/// <summary>
/// The in-band checks of one lock (locktorture's lock_is_write_held and lock_is_read_held): who is inside as writer,
/// how many readers, and a data word only writers change, non-atomically, so a lost update shows at the end. A check
/// that fails is reported and the run goes on (every later overlap is counted too).
/// </summary>
/// <remarks>
/// Called only between acquiring and releasing the lock, with no blocking point between a claim and its check: on a
/// token runtime the claim is given up before every block and taken again after it (<see cref="TortureContext"/>).
/// </remarks>
internal sealed class ExclusionGuard(TortureContext ctx, string what)
{
    /// <summary>Index + 1 of the writer inside, or 0.</summary>
    private int _writer;
    private int _readers;
    private long _data;

    /// <summary>What the guard protects, for messages ("the lock").</summary>
    public string What { get; } = what;

    /// <summary>The protected data: the number of writes completed under the lock.</summary>
    public long Data => Volatile.Read(ref _data);

    /// <summary>A writer claims the inside: nobody else may be there.</summary>
    public void EnterWrite(TortureThread t, StatGroup group)
    {
        int previous = Interlocked.Exchange(ref _writer, t.Index + 1);
        if (previous != 0)
        {
            ctx.Fail(group, $"mutual exclusion: writer {t.Name} entered {What} while {ctx.NameOf(previous - 1)} was inside");
        }

        int readers = Volatile.Read(ref _readers);
        if (readers != 0)
        {
            ctx.Fail(group, $"reader/writer exclusion: writer {t.Name} entered {What} with {readers} reader(s) inside");
        }
    }

    /// <summary>A writer leaves; it must still be the one inside.</summary>
    public void ExitWrite(TortureThread t, StatGroup group)
    {
        int previous = Interlocked.Exchange(ref _writer, 0);
        if (previous != t.Index + 1)
        {
            ctx.Fail(group, $"mutual exclusion: writer {t.Name} left {What} and found {(previous == 0 ? "nobody" : ctx.NameOf(previous - 1))} inside");
        }
    }

    /// <summary>A reader claims a shared inside: no writer may be there.</summary>
    public void EnterRead(TortureThread t, StatGroup group)
    {
        Interlocked.Increment(ref _readers);
        int writer = Volatile.Read(ref _writer);
        if (writer != 0)
        {
            ctx.Fail(group, $"reader/writer exclusion: reader {t.Name} entered {What} while writer {ctx.NameOf(writer - 1)} was inside");
        }
    }

    /// <summary>A reader leaves; no writer may have come in meanwhile.</summary>
    public void ExitRead(TortureThread t, StatGroup group)
    {
        int writer = Volatile.Read(ref _writer);
        if (writer != 0)
        {
            ctx.Fail(group, $"reader/writer exclusion: writer {ctx.NameOf(writer - 1)} was inside when reader {t.Name} left {What}");
        }

        Interlocked.Decrement(ref _readers);
    }

    /// <summary>The data must still be what the holder saw (no write by anyone else while it was inside).</summary>
    public void CheckUnchanged(TortureThread t, StatGroup group, long seen, string when)
    {
        long now = Data;
        if (now != seen)
        {
            ctx.Fail(group, $"exclusion: the data of {What} changed from {seen} to {now} while {t.Name} held it ({when})");
        }
    }

    /// <summary>The write: read-check-increment, deliberately not atomic (a second writer inside loses an update).</summary>
    public void Write(TortureThread t, StatGroup group, long seen)
    {
        CheckUnchanged(t, group, seen, "before its write");
        Volatile.Write(ref _data, seen + 1);
    }
}
