using Lwkt.Baselines.Native;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// Starting, placing and joining the real OS threads of the four OS-thread runtimes (os-monitor, os-futex,
/// os-lock, os-spin): one <see cref="Thread"/> per workload thread, so the OS scheduler does all scheduling.
/// </summary>
internal static class OsThreads
{
    /// <summary>
    /// 256 KiB of stack per thread: workload bodies are shallow (a loop and a few awaits that complete
    /// synchronously), and a small reservation keeps the spawn workload's thousands of threads cheap to map.
    /// </summary>
    public const int StackSize = 256 * 1024;

    /// <summary>
    /// Runs <paramref name="body"/>(i) on <paramref name="threads"/> new OS threads and blocks until all have
    /// joined; rethrows the first exception. With <paramref name="cpuOf"/>, thread i first pins itself to
    /// <c>allowedCpus[cpuOf(i) mod allowedCpus.Length]</c> (nothing happens where affinity is unsupported).
    /// </summary>
    public static void Run(int threads, Func<int, ValueTask> body, Func<int, int>? cpuOf, int[] allowedCpus)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ArgumentNullException.ThrowIfNull(body);
        var failure = new FirstFailure();
        var started = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            int index = i;
            started[i] = Start(() =>
            {
                if (cpuOf is not null && allowedCpus.Length > 0)
                {
                    ThreadAffinity.PinCurrentThread(allowedCpus[(int)((uint)cpuOf(index) % (uint)allowedCpus.Length)]);
                }

                WaitFor(body(index));
            }, failure, $"os-worker-{index}");
        }

        foreach (Thread thread in started)
        {
            thread.Join();
        }

        failure.ThrowIfAny();
    }

    /// <summary>Starts one OS thread running <paramref name="body"/>; its exception goes to <paramref name="failure"/>.</summary>
    public static Thread Start(Action body, FirstFailure failure, string name)
    {
        var thread = new Thread(
            () =>
            {
                try
                {
                    body();
                }
                catch (Exception e)
                {
                    failure.Record(e);
                }
            },
            StackSize)
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return thread;
    }

    /// <summary>
    /// Finishes a body's task on the calling OS thread. On these runtimes every blocking point completes
    /// synchronously, so the task is normally complete already; a body that awaits a foreign task blocks here.
    /// </summary>
    public static void WaitFor(ValueTask task)
    {
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
        }
        else
        {
            task.AsTask().GetAwaiter().GetResult();
        }
    }
}
