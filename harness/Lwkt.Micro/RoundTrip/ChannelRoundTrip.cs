using System.Threading.Channels;
using Lwkt.Micro.Hosting;

namespace Lwkt.Micro.RoundTrip;

/// <summary>
/// tpl-async: two tasks on the pool ping-pong an item through two single-reader, single-writer unbounded
/// <see cref="Channel{T}"/>s, awaiting <see cref="ChannelReader{T}.ReadAsync"/>.
/// </summary>
[BenchmarkCategory(MicroCategories.TplAsync)]
public class ChannelRoundTrip : RoundTripBenchmarks
{
    private static readonly UnboundedChannelOptions s_options = new() { SingleReader = true, SingleWriter = true };

    private readonly Channel<int> _requests = Channel.CreateUnbounded<int>(s_options);
    private readonly Channel<int> _replies = Channel.CreateUnbounded<int>(s_options);

    /// <inheritdoc/>
    public override IEnumerable<Placement> Placements => [Placement.Pool];

    /// <inheritdoc/>
    protected override void RunRoundTrips(int count) =>
        Task.WaitAll(Task.Run(() => ClientAsync(count)), Task.Run(() => ServeAsync(count)));

    private async Task ClientAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _requests.Writer.TryWrite(i);
            await _replies.Reader.ReadAsync();
        }
    }

    private async Task ServeAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            int request = await _requests.Reader.ReadAsync();
            _replies.Writer.TryWrite(request);
        }
    }
}
