using Lwkt.Micro.Hosting;

namespace Lwkt.Micro.RoundTrip;

/// <summary>
/// tpl-async: two tasks on the pool ping-pong through two <see cref="SemaphoreSlim"/>s, awaiting
/// <see cref="SemaphoreSlim.WaitAsync()"/>.
/// </summary>
[BenchmarkCategory(MicroCategories.TplAsync)]
public class SemaphoreSlimRoundTrip : RoundTripBenchmarks
{
    private readonly SemaphoreSlim _requests = new(0);
    private readonly SemaphoreSlim _replies = new(0);

    /// <inheritdoc/>
    public override IEnumerable<Placement> Placements => [Placement.Pool];

    /// <inheritdoc/>
    protected override void RunRoundTrips(int count) =>
        Task.WaitAll(Task.Run(() => ClientAsync(count)), Task.Run(() => ServeAsync(count)));

    /// <inheritdoc/>
    protected override void Cleanup()
    {
        _requests.Dispose();
        _replies.Dispose();
    }

    private async Task ClientAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _requests.Release();
            await _replies.WaitAsync();
        }
    }

    private async Task ServeAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await _requests.WaitAsync();
            _replies.Release();
        }
    }
}
