namespace Lwkt.Baselines.Tests;

public class CompletionTests
{
    [Theory]
    [InlineData("futex")]
    [InlineData("spin")]
    [InlineData("monitor")]
    public void A_reused_completion_carries_every_reply_of_a_call_loop(string kind)
    {
        ICompletion completion = Primitives.Completion(kind);
        const int Calls = 2_000;
        long request = -1, reply = -1;

        TestThreads.Run(2, index =>
        {
            for (long call = 0; call < Calls; call++)
            {
                if (index == 0)
                {
                    completion.Reset();
                    Volatile.Write(ref request, call);
                    completion.Wait();
                    Assert.Equal(call, Volatile.Read(ref reply));
                }
                else
                {
                    var spin = default(SpinWait);
                    while (Volatile.Read(ref request) != call)
                    {
                        spin.SpinOnce(sleep1Threshold: -1);
                    }

                    Volatile.Write(ref reply, call);
                    completion.Set();
                }
            }
        });
    }
}
