namespace Lwkt.Runtime.Tests;

/// <summary>
/// The mode in which spinning waiters share a contended token between CPUs (<see cref="TokenBatching"/>): chosen by
/// measured holds per second.
/// </summary>
public class TokenBatchingTests
{
    [Fact]
    public void Batching_keeps_the_mode_that_measured_faster_and_still_tries_the_other()
    {
        // Epochs driven by hand: the token's holds advance by a rate per mode; the host changes the rates halfway.
        var token = new Token("measured");
        var b = new TokenBatching(0, 0);
        long now = 0;
        int RunEpochs(int epochs, long alternateHolds, long batchHolds)
        {
            int batched = 0;
            for (int i = 0; i < epochs; i++)
            {
                bool batches = b.Batches;
                batched += batches ? 1 : 0;
                token._holds += batches ? batchHolds : alternateHolds;
                now += TokenBatching.EpochTicks;
                b.Tick(token, now);
            }

            return batched;
        }

        // Alternation pays (a fast host): batches only to measure them, about one epoch in ExploreEvery.
        int batched = RunEpochs(64, alternateHolds: 1000, batchHolds: 600);
        Assert.InRange(batched, 1, (64 / TokenBatching.ExploreEvery) + 2);

        // The host turns slow: alternation now loses to batches, which must become the mode within a few explorations.
        RunEpochs(3 * TokenBatching.ExploreEvery, alternateHolds: 200, batchHolds: 600);
        batched = RunEpochs(64, alternateHolds: 200, batchHolds: 600);
        Assert.InRange(batched, 64 - (64 / TokenBatching.ExploreEvery) - 2, 63);

        // And fast again: alternation, measured only by the epochs that try it, must come back.
        RunEpochs(3 * TokenBatching.ExploreEvery, alternateHolds: 1000, batchHolds: 600);
        batched = RunEpochs(64, alternateHolds: 1000, batchHolds: 600);
        Assert.InRange(batched, 1, (64 / TokenBatching.ExploreEvery) + 2);
    }

    [Fact]
    public void An_epoch_is_counted_once_not_before_its_end_and_not_after_the_token_went_quiet()
    {
        var token = new Token("epochs");
        var b = new TokenBatching(0, 0);
        token._holds = 10;
        b.Tick(token, TokenBatching.EpochTicks - 1);
        Assert.Equal(0, b.Epochs);
        b.Tick(token, TokenBatching.EpochTicks);
        b.Tick(token, TokenBatching.EpochTicks);
        Assert.Equal(1, b.Epochs);

        // An epoch nobody ended for a long time (no waiter spun: the token was not contended) is not credited.
        bool mode = b.Batches;
        token._holds += 1_000_000;
        b.Tick(token, 100 * TokenBatching.EpochTicks);
        Assert.Equal(1, b.Epochs);
        Assert.Equal(mode, b.Batches);
    }
}
