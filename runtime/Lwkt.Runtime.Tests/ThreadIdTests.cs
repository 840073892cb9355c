namespace Lwkt.Runtime.Tests;

/// <summary>
/// Thread ids are process-unique and never 0 (a token's owner is a thread id, 0 meaning none), and the creation number
/// counts 1, 2, ... within each runtime; both come from one counter of the runtime.
/// </summary>
public class ThreadIdTests
{
    [Fact]
    public void Ids_are_unique_across_runtimes_and_numbers_count_within_each()
    {
        var ids = new HashSet<long>();
        for (int r = 0; r < 2; r++)
        {
            using var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 1 });
            for (int n = 1; n <= 3; n++)
            {
                LwktThread td = rt.Spawn(static () => default);
                td.Join();
                Assert.Equal(n, td.Number);
                Assert.NotEqual(0, td.Id);
                Assert.True(ids.Add(td.Id), $"id {td.Id} of thread {n} of runtime {r} was given before");
            }
        }
    }
}
