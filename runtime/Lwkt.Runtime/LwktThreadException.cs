namespace Lwkt.Runtime;

/// <summary>An exception that escaped an LWKT thread, rethrown to its joiner (the original is the inner exception).</summary>
public sealed class LwktThreadException : Exception
{
    /// <summary>Wraps <paramref name="inner"/>, thrown by thread <paramref name="thread"/>.</summary>
    public LwktThreadException(LwktThread thread, Exception inner)
        : base($"LWKT thread {thread?.Id} ended with {inner?.GetType().Name}: {inner?.Message}", inner)
    {
        ThreadId = thread?.Id ?? 0;
    }

    /// <summary>Creates an empty instance.</summary>
    public LwktThreadException()
    {
    }

    /// <summary>Creates an instance with a message.</summary>
    public LwktThreadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an instance with a message and an inner exception.</summary>
    public LwktThreadException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Id of the thread that threw.</summary>
    public long ThreadId { get; }
}
