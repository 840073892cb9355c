using System.Runtime.ExceptionServices;

namespace Lwkt.Micro.Hosting;

/// <summary>
/// Runs the two parties of an OS-thread benchmark on two new OS threads pinned as a <see cref="Placement"/> says, and
/// waits for both. The two thread creations (tens of microseconds) are amortised over the invocation's operations.
/// </summary>
internal static class OsThreadPair
{
    /// <summary>Runs <paramref name="first"/> and <paramref name="second"/> to completion; rethrows the first failure.</summary>
    public static void Run(Placement placement, Action first, Action second)
    {
        (int firstCpu, int secondCpu) = HostCpus.For(placement);
        ExceptionDispatchInfo? failure = null;
        Thread Start(Action body, int cpu, string name)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    HostCpus.Pin(cpu);
                    body();
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(ex), null);
                }
            })
            {
                IsBackground = true,
                Name = name,
            };
            thread.Start();
            return thread;
        }

        Thread a = Start(first, firstCpu, "micro first");
        Thread b = Start(second, secondCpu, "micro second");
        a.Join();
        b.Join();
        failure?.Throw();
    }
}
