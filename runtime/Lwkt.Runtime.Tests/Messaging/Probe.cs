namespace Lwkt.Runtime.Tests.Messaging;

/// <summary>A test message: a sequence number, a value the server transforms, and a count of replies made to it.</summary>
internal sealed class Probe : Message
{
    public Probe()
    {
    }

    public Probe(MessagePort replyPort, MessageFlags options = MessageFlags.None)
        : base(replyPort, options)
    {
    }

    public int Sequence { get; set; }

    public long Value { get; set; }

    /// <summary>Replies made by servers; a correct run ends with exactly 1 per send.</summary>
    public int Replies;

    /// <summary>Replies once, counting it.</summary>
    public void CountedReply(int error = MessageError.None)
    {
        Interlocked.Increment(ref Replies);
        Reply(error);
    }
}

/// <summary>Server loops shared by the messaging tests.</summary>
internal static class Servers
{
    /// <summary>
    /// Serves <paramref name="count"/> requests on the calling thread's own port: each reply carries Value + 1 in
    /// Result. Replies that arrive on the port (the server sends nothing) would be a bug.
    /// </summary>
    public static async ValueTask EchoAsync(int count, Func<ValueTask>? betweenRequests = null)
    {
        MessagePort port = LwktThread.Current!.Port;
        for (int i = 0; i < count; i++)
        {
            var msg = (Probe)await port.WaitPortAsync();
            Assert.False(msg.IsReply, "a reply arrived on a server's port");
            msg.Result = msg.Value + 1;
            if (betweenRequests is not null)
            {
                await betweenRequests();
            }

            msg.CountedReply();
        }
    }
}

/// <summary>Waits for a task run outside the runtime without awaiting it while it is still running.</summary>
internal static class Foreign
{
    /// <summary>
    /// Yields until <paramref name="task"/> has finished, then observes it. (Awaiting a task that completes during
    /// the await's registration posts the continuation to the thread's own CPU while it still runs; polling keeps these
    /// tests about messaging.)
    /// </summary>
    public static async ValueTask JoinAsync(Task task)
    {
        while (!task.IsCompleted)
        {
            await LwktThread.YieldAsync();
        }

        await task;
    }
}

/// <summary>Calls whose misuse must throw before any ValueTask exists.</summary>
internal static class Misuse
{
    /// <summary>Starts a send-and-wait expected to throw synchronously; a returned task would be a test failure.</summary>
    public static void SendAndWait(MessagePort port, Message msg) => Unexpected(port.SendAndWaitAsync(msg));

    /// <summary>Starts a wait expected to throw synchronously.</summary>
    public static void Wait(Message msg) => Unexpected(msg.WaitAsync());

    /// <summary>Starts a port wait expected to throw synchronously.</summary>
    public static void WaitPort(MessagePort port) => Unexpected(port.WaitPortAsync());

    /// <summary>Starts a receive expected to throw synchronously.</summary>
    public static void Receive<T>(PortReceiver<T> receiver) => Unexpected(receiver.ReceiveAsync());

    /// <summary>Starts an enter expected to throw synchronously.</summary>
    public static void Enter(Serializer serializer) => Unexpected(serializer.EnterAsync());

    private static void Unexpected(ValueTask started) =>
        Assert.Fail($"expected a synchronous InvalidOperationException, got a ValueTask (completed: {started.IsCompleted})");

    private static void Unexpected<T>(ValueTask<T> started) =>
        Assert.Fail($"expected a synchronous InvalidOperationException, got a ValueTask (completed: {started.IsCompleted})");
}
