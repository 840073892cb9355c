using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Workloads.Host;

/// <summary>
/// Test-only misbehaviour (<see cref="HostProtocol.TestFaultVariable"/> = <c>fault[@workload[/runtime]]</c>), so the
/// harness tests can prove that a crashing or hanging child gives the right row and the run goes on. Only the
/// tests set the variable (in the harness's environment or its per-run child environment).
/// </summary>
internal sealed record TestFault(string Kind)
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

        return parts[0] is Crash or Exit3 or Hang or Unsteady
            ? new TestFault(parts[0])
            : throw new ArgumentException($"{HostProtocol.TestFaultVariable}: unknown fault '{parts[0]}' ({Crash}, {Exit3}, {Hang}, {Unsteady})");
    }

    /// <summary>Acts out the fault at the start of the first iteration (<see cref="Crash"/>, <see cref="Hang"/>, <see cref="Unsteady"/>).</summary>
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
        }
    }

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
