using System.Diagnostics;
using System.Runtime.InteropServices;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Workloads.Host;

/// <summary>
/// Test-only misbehaviour (<see cref="HostProtocol.TestFaultVariable"/> = <c>fault[@workload[/runtime]]</c>), so the
/// harness tests can prove that a crashing or hanging child gives the right row and the run goes on. Only the
/// tests set the variable (in the harness's environment or its per-run child environment).
/// </summary>
internal sealed partial record TestFault(string Kind)
{
    /// <summary>Unhandled exception on a fresh thread during the first iteration: the process dies as in a real crash.</summary>
    public const string Crash = "crash";

    /// <summary>Exit code 3 before READY.</summary>
    public const string Exit3 = "exit3";

    /// <summary>The first iteration never ends.</summary>
    public const string Hang = "hang";

    /// <summary>
    /// The JIT never goes quiet: from the first iteration on, a background thread compiles fresh dynamic methods
    /// without pause, so the JIT's share of every iteration stays far above the quiet limit
    /// (<c>SteadyState.QuietJitShare</c>, 5 %) however little CPU a loaded machine leaves it, and warm-up must give up
    /// at its cap. (One method a millisecond was under 5 % at load 13 and let warm-up end.)
    /// </summary>
    public const string Unsteady = "unsteady";

    /// <summary>
    /// The CPU runs slower in every other iteration, as in the host's slow state: from the first iteration on, a thread
    /// of the child itself, on the cell's CPUs (it inherits the main thread's mask), spins <see cref="SlowCpuSpin"/>
    /// then sleeps ~50 µs, over and over, in odd-numbered iterations (warm-up and measured, counted together) and rests
    /// in even ones. It takes a third or more of the CPU in slices far shorter than the calibration's 100 µs chunks
    /// (<c>MachineSpeed</c>), so the calibration around an odd iteration reads slower as the cell does; and its CPU time
    /// is the child's own, so <c>foreign_cpu_share</c> does not count it and no iteration is replaced as disturbed.
    /// </summary>
    public const string SlowCpu = "slowcpu";

    /// <summary>
    /// Moving a cache line to the cell's second CPU costs more in every other iteration, as when the host places the two
    /// virtual CPUs farther apart: as <see cref="SlowCpu"/>, but the thread is pinned to the second of the cell's CPUs
    /// (the transfer probe's responder, the far side of a <c>placement=cross</c> pair) and holds it longer
    /// (<see cref="BusyLineSpin"/> of every ~110 µs), so more than half of the transfer probe's 2–16 µs bursts wait for
    /// it and the probe's median reads the slower CPU. A cell on one CPU gets the <see cref="SlowCpu"/> behaviour.
    /// </summary>
    public const string BusyLine = "busyline";

    /// <summary>How long the <see cref="SlowCpu"/> thread spins between its sleeps.</summary>
    private static readonly TimeSpan SlowCpuSpin = TimeSpan.FromMicroseconds(30);

    /// <summary>How long the <see cref="BusyLine"/> thread spins between its sleeps.</summary>
    private static readonly TimeSpan BusyLineSpin = TimeSpan.FromMicroseconds(60);

    private volatile bool _slow;
    private long _spins;

    /// <summary>The fault for <paramref name="cell"/>, or null when none is set or it targets another cell.</summary>
    public static TestFault? For(CellRequest cell)
    {
        string? text = Environment.GetEnvironmentVariable(HostProtocol.TestFaultVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string[] parts = text.Trim().Split('@', 2);
        if (parts.Length == 2)
        {
            string[] target = parts[1].Split('/', 2);
            if (!string.Equals(target[0], cell.Workload, StringComparison.OrdinalIgnoreCase)
                || (target.Length == 2 && !string.Equals(target[1], cell.Runtime, StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }
        }

        return parts[0] is Crash or Exit3 or Hang or Unsteady or SlowCpu or BusyLine
            ? new TestFault(parts[0])
            : throw new ArgumentException($"{HostProtocol.TestFaultVariable}: unknown fault '{parts[0]}' ({Crash}, {Exit3}, {Hang}, {Unsteady}, {SlowCpu}, {BusyLine})");
    }

    /// <summary>Acts out the fault at the start of the first iteration (<see cref="Crash"/>, <see cref="Hang"/>, <see cref="Unsteady"/>, <see cref="SlowCpu"/>, <see cref="BusyLine"/>).</summary>
    public void OnFirstIteration()
    {
        switch (Kind)
        {
            case Crash:
                var thread = new Thread(() => throw new InvalidOperationException("test fault: crash"));
                thread.Start();
                thread.Join();
                break;
            case Hang:
                Thread.Sleep(Timeout.Infinite);
                break;
            case Unsteady:
                new Thread(CompileForever) { IsBackground = true, Name = "test fault: unsteady" }.Start();
                break;
            case SlowCpu:
                new Thread(() => InterruptForever(SlowCpuSpin, null)) { IsBackground = true, Name = "test fault: slowcpu" }.Start();
                break;
            case BusyLine:
                // The main thread's mask is the cell's CPU set; the second is the far side of a cross-CPU pair.
                int[] cpus = Lwkt.Baselines.Native.ThreadAffinity.IsSupported ? Lwkt.Baselines.Native.ThreadAffinity.AllowedCpus() : [];
                int? partner = cpus.Length >= 2 ? cpus[1] : null;
                new Thread(() => InterruptForever(BusyLineSpin, partner)) { IsBackground = true, Name = "test fault: busyline" }.Start();
                break;
        }
    }

    /// <summary>
    /// Called by the session before iteration <paramref name="iteration"/> (1-based, warm-up and measured counted
    /// together); for <see cref="SlowCpu"/>, returns once the thread has spun again in a slowed iteration, so the
    /// calibration before it already sees the slower CPU (at load 30 the resting thread took longer than a probe to wake).
    /// </summary>
    public void BeforeIteration(int iteration)
    {
        _slow = Kind is SlowCpu or BusyLine && iteration % 2 == 1;
        long seen = Interlocked.Read(ref _spins);
        for (int wait = 0; _slow && Interlocked.Read(ref _spins) == seen && wait < 1000; wait++)
        {
            Thread.Sleep(1);
        }
    }

    /// <summary>
    /// The <see cref="SlowCpu"/> and <see cref="BusyLine"/> thread: spins <paramref name="slice"/> and sleeps while
    /// <see cref="_slow"/>, rests otherwise; on <paramref name="cpu"/> only when given.
    /// </summary>
    private void InterruptForever(TimeSpan slice, int? cpu)
    {
        long spin = (long)(slice.TotalSeconds * Stopwatch.Frequency);
        if (cpu is { } only)
        {
            Lwkt.Baselines.Native.ThreadAffinity.PinCurrentThread(only);
        }

        // The highest weight the scheduler gives (nice -20, root): its wake-ups preempt whatever runs on the CPU at once,
        // also beside other processes (at nice 0, at load 20, the CPU's other work kept it from waking every 50 µs and the
        // calibration found chunks it never reached).
        _ = SetPriority(0, GetTid(), -20);
        while (true)
        {
            if (!_slow)
            {
                Thread.Sleep(1);
                continue;
            }

            long start = Stopwatch.GetTimestamp();
            while (Stopwatch.GetTimestamp() - start < spin)
            {
                Thread.SpinWait(1);
            }

            Interlocked.Increment(ref _spins);

            // Far below Thread.Sleep's 1 ms: the kernel's hrtimer wakes the thread ~50 µs later, and wake-up preemption
            // puts it back on the CPU at once.
            _ = USleep(50);
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "usleep")]
    private static partial int USleep(uint microseconds);

    /// <summary>Compiles and calls new dynamic methods until the process exits: real JIT work.</summary>
    private static void CompileForever()
    {
        for (int i = 0; ; i++)
        {
            var method = new System.Reflection.Emit.DynamicMethod($"unsteady{i}", typeof(int), [typeof(int)]);
            System.Reflection.Emit.ILGenerator il = method.GetILGenerator();
            il.Emit(System.Reflection.Emit.OpCodes.Ldarg_0);
            il.Emit(System.Reflection.Emit.OpCodes.Ldc_I4, i);
            il.Emit(System.Reflection.Emit.OpCodes.Add);
            il.Emit(System.Reflection.Emit.OpCodes.Ret);
            _ = ((Func<int, int>)method.CreateDelegate(typeof(Func<int, int>)))(i);
        }
    }
}
