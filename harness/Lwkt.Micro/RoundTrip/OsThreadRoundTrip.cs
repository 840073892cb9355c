using Lwkt.Micro.Hosting;

namespace Lwkt.Micro.RoundTrip;

/// <summary>
/// OS threads: a client and a server thread, pinned per <see cref="RoundTripBenchmarks.Placement"/>, pass a request and
/// a reply through two <see cref="ICompletion"/>s (the reply flag of an OS-thread call). Subclasses choose the completion.
/// </summary>
public abstract class OsThreadRoundTrip : RoundTripBenchmarks
{
    private ICompletion? _request;
    private ICompletion? _reply;

    /// <summary>Creates one pending completion.</summary>
    protected abstract ICompletion CreateCompletion();

    /// <inheritdoc/>
    protected override void Setup()
    {
        _request = CreateCompletion();
        _reply = CreateCompletion();
    }

    /// <inheritdoc/>
    protected override void RunRoundTrips(int count)
    {
        ICompletion request = _request!;
        ICompletion reply = _reply!;
        OsThreadPair.Run(
            Placement,
            () =>
            {
                for (int i = 0; i < count; i++)
                {
                    reply.Reset();
                    request.Set();
                    reply.Wait();
                }
            },
            () =>
            {
                for (int i = 0; i < count; i++)
                {
                    request.Wait();
                    request.Reset();
                    reply.Set();
                }
            });
    }
}
