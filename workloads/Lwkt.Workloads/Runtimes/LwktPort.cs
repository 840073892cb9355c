using System.Collections.Concurrent;
using Lwkt.Runtime;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>Interim port of the lwkt adapter over sleep queues; replaced by LWKT message ports.</summary>
internal sealed class LwktPort : RtPort
{
    private readonly ConcurrentQueue<RtMessage> _queue = new();

    public static ValueTask NanosleepAsync(TimeSpan duration) => LwktThread.SleepAsync(duration);

    public override RtMessage NewMessage() => new Message();

    public override void Send(RtMessage message)
    {
        _queue.Enqueue(message);
        SleepQueue.WakeupOne(this);
    }

    public override async ValueTask CallAsync(RtMessage message)
    {
        var m = (Message)message;
        Volatile.Write(ref m.Done, false);
        Send(m);
        while (!Volatile.Read(ref m.Done))
        {
            SleepQueue.Interlock(m);
            if (Volatile.Read(ref m.Done))
            {
                SleepQueue.Cancel();
                return;
            }

            await SleepQueue.SleepAsync(m, null, interlocked: true);
        }
    }

    public override async ValueTask<RtMessage> ReceiveAsync()
    {
        while (true)
        {
            if (_queue.TryDequeue(out RtMessage? m))
            {
                return m;
            }

            SleepQueue.Interlock(this);
            if (_queue.TryDequeue(out m))
            {
                SleepQueue.Cancel();
                return m;
            }

            await SleepQueue.SleepAsync(this, null, interlocked: true);
        }
    }

    public override void Reply(RtMessage message)
    {
        var m = (Message)message;
        Volatile.Write(ref m.Done, true);
        SleepQueue.Wakeup(m);
    }

    private sealed class Message : RtMessage
    {
        public bool Done;
    }
}
