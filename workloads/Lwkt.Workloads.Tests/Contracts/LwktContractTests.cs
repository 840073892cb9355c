using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Runtimes;

namespace Lwkt.Workloads.Tests.Contracts;

public sealed class LwktContractTests : RuntimeContractTests
{
    protected override WorkloadRuntime Create(int cores) => new LwktWorkloadRuntime(cores);

    /// <summary>An lwkt port is its first receiver's thread port: only that thread may receive from it afterwards.</summary>
    [Fact]
    public void A_second_receiving_thread_is_refused()
    {
        RtPort port = Runtime.CreatePort();
        RtMessage message = port.NewMessage();
        int bound = 0;
        Exception? refused = null;

        RunThreads(2, async index =>
        {
            if (index == 0)
            {
                port.Send(message);
                await port.ReceiveAsync();
                Volatile.Write(ref bound, 1);
                return;
            }

            await YieldUntil(() => Volatile.Read(ref bound) == 1);
            try
            {
                await port.ReceiveAsync();
            }
            catch (InvalidOperationException e)
            {
                refused = e;
            }
        });

        Assert.IsType<InvalidOperationException>(refused);
    }
}
