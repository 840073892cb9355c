using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lwkt.Runtime.Native;

namespace Lwkt.Workloads.Measurement;

/// <summary>
/// One cache line handed back and forth between two CPUs by two spinning threads: the thread that calls
/// <see cref="Run"/> (the initiator, pinned by its caller) writes 1 and spins until it reads 0; the responder, a thread
/// this object owns, pinned to the other CPU, spins until it reads 1 and writes 0. A round trip is two transfers of the
/// line and nothing else: what no runtime's cross-CPU hop can undercut. The one implementation of that ping-pong, used
/// by the harness's floor probe (<c>CacheLineProbe</c>: <c>run --floor</c>, <c>floor</c>; long runs of many batches,
/// a fresh object each) and by the child's probe around every iteration of a cell on two or more CPUs
/// (<see cref="MachineTransfer"/>: a few short bursts, one object kept for the process).
/// </summary>
/// <remarks>
/// <para>Between runs the responder is parked on a futex word (no CPU; <c>futex(2)</c>, the runtime's own wrapper,
/// compiled in). A run bumps the word and wakes it, which never waits for the responder (a semaphore's release takes
/// the lock the waiter holds while it parks: with the responder's CPU held by a nice -20 thread, a release waited
/// 80 ms), and meets it on a start line before the first batch, so its wake-up is outside every timed batch; the
/// initiator times each batch with the monotonic clock, the responder times nothing.</para>
/// <para>Bounded by time on both sides: each spin loop reads the clock every <see cref="SpinsPerClockRead"/> spins and
/// gives up past the run's deadline, so a CPU that another thread holds (a hog on the responder's CPU, a host that took
/// it) ends the run at the deadline with the batches completed so far, not never. The counter costs a register
/// increment per spin, no memory access: a round trip still moves exactly one line. Nothing is allocated in a run
/// (the batch figures go to the caller's span).</para>
/// <para>Not thread-safe: one initiator at a time. The line is freed at <see cref="Dispose"/> only once the responder
/// has left; one that does not leave within <see cref="ExitWait"/> (its CPU held by others) keeps the 384 bytes for
/// the life of the process rather than spin on freed memory.</para>
/// </remarks>
internal sealed unsafe class LineTransfer : IDisposable
{
    /// <summary>The flag's line alone: 128 bytes, also clear of the adjacent-line prefetcher.</summary>
    private const int LineBytes = 128;

    /// <summary>
    /// Spins between clock reads in a wait: a spin is a load of the line and a compare (1–2 ns with the line local),
    /// so the deadline is seen within ~10 µs of passing, and a wait shorter than the spins costs no clock read.
    /// </summary>
    private const int SpinsPerClockRead = 4096;

    /// <summary>The start line's value once the initiator gave up waiting for the responder: it must not answer.</summary>
    private const int Gone = -1;

    /// <summary>How long <see cref="Dispose"/> waits for the responder to leave before keeping the line.</summary>
    private static readonly TimeSpan ExitWait = TimeSpan.FromMilliseconds(200);

    private readonly byte* _memory;
    private readonly int* _start;
    private readonly int* _flag;

    // Bumped by each run (and by Dispose) to wake the responder: the futex word, in the third line.
    private readonly int* _go;
    private readonly Thread _responder;
    private readonly Exception? _pinFailure;

    // The current run, written by the initiator before it bumps _go (the interlocked bump orders them before the responder's read).
    private long _total;
    private long _deadline;
    private volatile bool _stop;

    // 1 while the responder is parked or about to park: a run starts only then.
    private int _idle;

    /// <summary>Starts the responder pinned to <paramref name="responderCpu"/> and waits until it is parked.</summary>
    /// <param name="pin">Pins the calling thread to one CPU (the caller's <c>sched_setaffinity</c> wrapper); called on the responder thread.</param>
    /// <exception cref="InvalidOperationException">The responder could not be pinned.</exception>
    public LineTransfer(int responderCpu, Action<int> pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        ResponderCpu = responderCpu;
        _memory = (byte*)NativeMemory.AlignedAlloc(3 * LineBytes, LineBytes);

        // The start line in the first line, the flag alone in the second, the wake-up word in the third.
        _start = (int*)_memory;
        _flag = (int*)(_memory + LineBytes);
        _go = (int*)(_memory + (2 * LineBytes));
        *_start = 0;
        *_flag = 0;
        *_go = 0;
        using var pinned = new ManualResetEventSlim();
        Exception? failure = null;
        _responder = new Thread(() =>
        {
            try
            {
                pin(responderCpu);
            }
            catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException)
            {
                failure = e;
                pinned.Set();
                return;
            }

            Volatile.Write(ref _idle, 1);
            pinned.Set();
            Respond();
        })
        {
            IsBackground = true,
            Name = "line transfer responder",
        };
        _responder.Start();
        pinned.Wait();
        if (failure is not null)
        {
            _pinFailure = failure;
            _responder.Join();
            NativeMemory.AlignedFree(_memory);
            throw new InvalidOperationException($"the line-transfer responder could not be pinned to CPU {responderCpu}: {failure.Message}", failure);
        }

        // One round trip with a generous deadline: both sides' code is compiled before any caller's deadline counts
        // (the first run of a fresh process took over 2 ms in the JIT).
        Span<double> first = stackalloc double[1];
        _ = Run(first, 1, Stopwatch.GetTimestamp() + Stopwatch.Frequency);
    }

    /// <summary>The responder's CPU.</summary>
    public int ResponderCpu { get; }

    /// <summary>The CPU the responder ran its last completed run's last round trip on (-1 before any).</summary>
    public int ResponderRanOn { get; private set; } = -1;

    /// <summary>
    /// Runs up to <c>nsPerRoundTrip.Length</c> batches of <paramref name="roundTrips"/> round trips between the calling
    /// thread's CPU and <see cref="ResponderCpu"/>, writing nanoseconds per round trip of each completed batch in order;
    /// returns how many completed before <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp), the
    /// responder's wake-up included (0 when it did not answer by then).
    /// </summary>
    public int Run(Span<double> nsPerRoundTrip, int roundTrips, long deadline)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(roundTrips, 1);
        ObjectDisposedException.ThrowIf(_stop, this);

        // A responder still leaving an earlier run that hit its deadline (bounded by that deadline) is waited for.
        while (Volatile.Read(ref _idle) == 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return 0;
            }

            Thread.Yield();
        }

        Volatile.Write(ref _idle, 0);
        *_flag = 0;
        Volatile.Write(ref *_start, 0);
        _total = (long)nsPerRoundTrip.Length * roundTrips;
        _deadline = deadline;
        Wake();

        int started = WaitForResponder(deadline);
        return started == 1 ? Initiate(nsPerRoundTrip, roundTrips, deadline) : 0;
    }

    /// <summary>Stops the responder and frees the line once it has left.</summary>
    public void Dispose()
    {
        if (_stop || _pinFailure is not null)
        {
            return;
        }

        _stop = true;
        Wake();
        if (_responder.Join(ExitWait))
        {
            NativeMemory.AlignedFree(_memory);
        }
    }

    /// <summary>Waits for the responder's start (1); at the deadline marks the start line <see cref="Gone"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int WaitForResponder(long deadline)
    {
        int spins = 0;
        int seen;
        while ((seen = Volatile.Read(ref *_start)) == 0)
        {
            if (++spins == SpinsPerClockRead)
            {
                spins = 0;
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    // The responder may start at this moment: whichever compare-exchange comes first decides.
                    seen = Interlocked.CompareExchange(ref *_start, Gone, 0);
                    return seen == 0 ? Gone : seen;
                }
            }
        }

        return seen;
    }

    /// <summary>The initiator's batches, each timed with the monotonic clock; returns how many completed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Initiate(Span<double> nsPerRoundTrip, int roundTrips, long deadline)
    {
        int* flag = _flag;
        for (int b = 0; b < nsPerRoundTrip.Length; b++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < roundTrips; i++)
            {
                Volatile.Write(ref *flag, 1);
                int spins = 0;
                while (Volatile.Read(ref *flag) != 0)
                {
                    if (++spins == SpinsPerClockRead)
                    {
                        spins = 0;
                        if (Stopwatch.GetTimestamp() > deadline)
                        {
                            return b;
                        }
                    }
                }
            }

            nsPerRoundTrip[b] = (Stopwatch.GetTimestamp() - t0) * 1e9 / Stopwatch.Frequency / roundTrips;
        }

        return nsPerRoundTrip.Length;
    }

    /// <summary>Wakes the parked responder: bumps the word, then one futex wake (never waits for the responder).</summary>
    private void Wake()
    {
        Interlocked.Increment(ref *_go);
        if (Futex.IsSupported)
        {
            _ = Futex.Wake(_go, 1);
        }
    }

    /// <summary>The responder thread: parks, and per run answers its round trips or leaves at its deadline.</summary>
    private void Respond()
    {
        int handled = 0;
        while (true)
        {
            int go;
            while ((go = Volatile.Read(ref *_go)) == handled)
            {
                if (Futex.IsSupported)
                {
                    _ = Futex.Wait(_go, handled);
                }
                else
                {
                    Thread.Sleep(1);
                }
            }

            handled = go;
            if (_stop)
            {
                return;
            }

            // A run whose initiator gave up waiting (Gone) is skipped.
            if (Interlocked.CompareExchange(ref *_start, 1, 0) == 0 && Answer(_flag, _total, _deadline))
            {
                ResponderRanOn = CurrentCpu.Get();
            }

            Volatile.Write(ref _idle, 1);
        }
    }

    /// <summary>Answers <paramref name="total"/> round trips; false when the deadline came first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Answer(int* flag, long total, long deadline)
    {
        for (long i = 0; i < total; i++)
        {
            int spins = 0;
            while (Volatile.Read(ref *flag) != 1)
            {
                if (++spins == SpinsPerClockRead)
                {
                    spins = 0;
                    if (Stopwatch.GetTimestamp() > deadline)
                    {
                        return false;
                    }
                }
            }

            Volatile.Write(ref *flag, 0);
        }

        return true;
    }
}
