using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Catalog;

/// <summary>S stages connected by ports, a fixed window of messages circulating: throughput.</summary>
internal sealed class PipelineWorkload : Workload
{
    /// <summary>The catalogue entry.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "pipeline",
        "S = threads stages (at least 2) connected by ports: stage 0 injects a window of messages with Send, each "
        + "stage receives, does work_ns of CPU work and sends to the next; the last stage returns each message to "
        + "stage 0, which reinjects it until the stop flag, then drains the window and sends a stop message down the "
        + "line. One op = one message through every stage (counted at the last stage). Latency: end-to-end "
        + "(injection to last stage, queueing in the window included) of every 16th message. Valid when every stage "
        + "receives the sequence numbers in order and the last stage delivered exactly what stage 0 injected.",
        [
            WorkloadParameter.Integer("window", 64, 1, 1_048_576, "count", "messages in flight"),
            WorkloadParameter.CpuWork("work_ns", 0, "CPU work per message per stage"),
        ],
        settings => new PipelineWorkload(settings));

    private const long StopSequence = -1;
    private readonly int _stages;
    private readonly int _window;
    private readonly long _workNs;
    private readonly PaddedLong[] _received;
    private RtPort[] _ports = [];
    private long _injected;

    private PipelineWorkload(WorkloadSettings settings)
        : base(settings)
    {
        _stages = Math.Max(2, settings.Threads);
        _window = settings.Int("window");
        _workNs = settings.Long("work_ns");
        _received = new PaddedLong[_stages];
    }

    /// <inheritdoc/>
    public override int ThreadCount => _stages;

    /// <inheritdoc/>
    public override bool IsCounted(int thread) => thread == _stages - 1;

    /// <inheritdoc/>
    protected override void Prepare()
    {
        // _ports[0] is stage 0's return port; _ports[k] is stage k's input.
        _ports = new RtPort[_stages];
        for (int k = 0; k < _stages; k++)
        {
            _ports[k] = Context.Runtime.CreatePort();
        }
    }

    /// <inheritdoc/>
    public override ValueTask RunThreadAsync(int thread) =>
        thread == 0 ? RunSourceAsync() : RunStageAsync(thread);

    /// <inheritdoc/>
    public override void Validate()
    {
        for (int k = 1; k < _stages; k++)
        {
            if (_received[k].Value != _injected)
            {
                Context.Violation($"stage {k} received {_received[k].Value} messages, stage 0 injected {_injected}");
            }
        }

        if (_received[0].Value != _injected)
        {
            Context.Violation($"stage 0 got {_received[0].Value} messages back of {_injected} injected");
        }
    }

    /// <inheritdoc/>
    public override void AddDetail(ICollection<string> detail) => detail.Add($"stages={_stages};window={_window}");

    private async ValueTask RunSourceAsync()
    {
        IterationContext context = Context;
        RtPort first = _ports[1];
        RtPort back = _ports[0];
        long next = 0;
        long returned = 0;
        int outstanding = 0;
        // At least one message goes through, even if the stop came before this thread ran.
        for (int i = 0; i < _window && (i == 0 || !context.Stopping); i++)
        {
            Inject(first, first.NewMessage(), next++);
            outstanding++;
        }

        while (outstanding > 0)
        {
            RtMessage message = await back.ReceiveAsync();
            outstanding--;
            if (message.Sequence != returned)
            {
                context.Violation($"stage 0 got message {message.Sequence} back, expected {returned}");
            }

            returned++;
            if (!context.Stopping)
            {
                Inject(first, message, next++);
                outstanding++;
            }
        }

        RtMessage stop = first.NewMessage();
        stop.Sequence = StopSequence;
        first.Send(stop);
        _injected = next;
        _received[0].Value = returned;
    }

    private static void Inject(RtPort first, RtMessage message, long sequence)
    {
        message.Sequence = sequence;
        message.From = 0;
        message.Payload = (sequence & 15) == 0 ? Timestamps.Now() : 0;
        first.Send(message);
    }

    private async ValueTask RunStageAsync(int stage)
    {
        IterationContext context = Context;
        bool last = stage == _stages - 1;
        RtPort input = _ports[stage];
        RtPort output = last ? _ports[0] : _ports[stage + 1];
        long expected = 0;
        while (true)
        {
            RtMessage message = await input.ReceiveAsync();
            if (message.Sequence == StopSequence)
            {
                if (!last)
                {
                    output.Send(message);
                }

                break;
            }

            if (message.Sequence != expected)
            {
                context.Violation($"stage {stage} received message {message.Sequence}, expected {expected}");
            }

            expected++;
            CpuWork.Spin(_workNs);
            if (last && (message.Sequence & 15) == 0)
            {
                context.RecordLatencySince(stage, message.Payload);
            }

            output.Send(message);
        }

        _received[stage].Value = expected;
        if (last)
        {
            context.AddOps(stage, expected);
        }
    }
}
