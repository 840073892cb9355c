using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Catalog;

/// <summary>
/// Client/server pairs exchanging one message per round trip, shared by <c>pingpong</c> and <c>hog</c>. Pair p
/// is thread 2p (client, counted) and thread 2p+1 (server, not counted); each server owns one port.
/// </summary>
/// <remarks>
/// The client sends sequence s with payload 3s+1 through <c>CallAsync</c>; the server checks that s follows the
/// previous one, adds 1 to the payload and replies; the client checks the payload is 3s+2. When the stop flag
/// is up, the client sends sequence -1, which the server answers and leaves on. Delivery is valid when every
/// pair's server saw exactly the client's round trips, in order. Placement is observed, not assumed: on every
/// 16th round trip (the latency samples) the server notes its CPU in the reply (<c>From</c>, otherwise unused on
/// the way back) and the client compares it with its own, both from <c>sched_getcpu</c>.
/// </remarks>
internal sealed class PingPongPairs
{
    private const long StopSequence = -1;
    private readonly int _pairs;
    private readonly PaddedLong[] _served;
    private readonly PaddedLong[] _placementSamples;
    private readonly PaddedLong[] _crossSamples;
    private RtPort[] _ports = [];

    public PingPongPairs(int pairs)
    {
        _pairs = pairs;
        _served = new PaddedLong[pairs];
        _placementSamples = new PaddedLong[pairs];
        _crossSamples = new PaddedLong[pairs];
    }

    /// <summary>
    /// The share of sampled round trips whose client and server ran on different CPUs; null when nothing was
    /// sampled or the platform cannot tell.
    /// </summary>
    public double? CrossCpuShare
    {
        get
        {
            long samples = 0, cross = 0;
            for (int p = 0; p < _pairs; p++)
            {
                samples += _placementSamples[p].Value;
                cross += _crossSamples[p].Value;
            }

            return samples == 0 ? null : (double)cross / samples;
        }
    }

    /// <summary>Threads the pairs use: 0 .. 2·pairs-1.</summary>
    public int ThreadCount => 2 * _pairs;

    /// <summary>Whether <paramref name="thread"/> is a client (its round trips are the ops).</summary>
    public static bool IsClient(int thread) => (thread & 1) == 0;

    /// <summary>Creates the servers' ports.</summary>
    public void Prepare(WorkloadRuntime runtime)
    {
        _ports = new RtPort[_pairs];
        for (int p = 0; p < _pairs; p++)
        {
            _ports[p] = runtime.CreatePort();
        }
    }

    /// <summary>Runs thread <paramref name="thread"/> (below <see cref="ThreadCount"/>) as client or server.</summary>
    public ValueTask RunAsync(IterationContext context, int thread) =>
        IsClient(thread) ? RunClientAsync(context, thread) : RunServerAsync(context, thread);

    /// <summary>Checks every pair's delivery count.</summary>
    public void Validate(IterationContext context, Func<int, long> clientOps)
    {
        for (int p = 0; p < _pairs; p++)
        {
            long sent = clientOps(2 * p);
            if (_served[p].Value != sent)
            {
                context.Violation($"pair {p}: server answered {_served[p].Value} calls, client completed {sent}");
            }
        }
    }

    private async ValueTask RunClientAsync(IterationContext context, int thread)
    {
        int pair = thread / 2;
        RtPort port = _ports[pair];
        RtMessage message = port.NewMessage();
        var ops = new OpTally(context, thread, sampleMask: 15);
        long samples = 0, cross = 0;
        do
        {
            ops.Begin();
            long op = ops.Count;
            message.From = thread;
            message.Sequence = op;
            message.Payload = (3 * op) + 1;
            await port.CallAsync(message);
            if (ops.IsTimed && message.From >= 0 && CurrentCpu.Get() is int mine and >= 0)
            {
                samples++;
                cross += mine != message.From ? 1 : 0;
            }

            if (message.Payload != (3 * op) + 2)
            {
                context.Violation($"pair {thread / 2}: reply {op} carried {message.Payload}, expected {(3 * op) + 2}");
            }

            ops.End();
        }
        while (!context.Stopping);

        message.From = thread;
        message.Sequence = StopSequence;
        await port.CallAsync(message);
        ops.Report();
        _placementSamples[pair].Value = samples;
        _crossSamples[pair].Value = cross;
    }

    private async ValueTask RunServerAsync(IterationContext context, int thread)
    {
        int pair = thread / 2;
        RtPort port = _ports[pair];
        long expected = 0;
        while (true)
        {
            RtMessage message = await port.ReceiveAsync();
            if (message.Sequence == StopSequence)
            {
                port.Reply(message);
                break;
            }

            if (message.Sequence != expected || message.From != thread - 1)
            {
                context.Violation($"pair {pair}: server got sequence {message.Sequence} from thread {message.From}, expected {expected} from {thread - 1}");
            }

            if ((expected & 15) == 0)
            {
                // The server's CPU travels back in From (the client resets it before each call).
                message.From = CurrentCpu.Get();
            }

            expected++;
            message.Payload++;
            port.Reply(message);
        }

        _served[pair].Value = expected;
    }
}
