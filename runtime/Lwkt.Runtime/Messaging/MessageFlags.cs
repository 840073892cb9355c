namespace Lwkt.Runtime.Messaging;

/// <summary>
/// The state and options of a <see cref="Message"/> (lwkt: MSGF_*, same values). The low bits are state, owned by
/// whoever owns the message at the time; <see cref="Dropable"/>, <see cref="Abortable"/>, <see cref="Priority"/>
/// and the user bits are options chosen at <see cref="Message.Init"/>.
/// </summary>
[Flags]
public enum MessageFlags
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>Complete; also set on a message never sent, so the originator owns it (lwkt: MSGF_DONE).</summary>
    Done = 0x1,

    /// <summary>Being or already replied; stays set, so a reply can be told from a request (lwkt: MSGF_REPLY).</summary>
    Reply = 0x2,

    /// <summary>On some port's queue (lwkt: MSGF_QUEUED).</summary>
    Queued = 0x4,

    /// <summary>The originator waits on it (send-and-wait): the reply wakes it and is never queued (lwkt: MSGF_SYNC).</summary>
    Sync = 0x8,

    /// <summary>Travelling between virtual CPUs by IPI (lwkt: MSGF_INTRANSIT).</summary>
    InTransit = 0x10,

    /// <summary>A waiter sleeps on the message of a spin or serializer port; the replier wakes it (lwkt: MSGF_WAITING).</summary>
    Waiting = 0x20,

    /// <summary>The target's owner may drop it while queued; it cannot be waited on (lwkt: MSGF_DROPABLE).</summary>
    Dropable = 0x40,

    /// <summary>The abort function is valid (lwkt: MSGF_ABORTABLE).</summary>
    Abortable = 0x80,

    /// <summary>Queued on the port's priority queue, which is served first (lwkt: MSGF_PRIORITY).</summary>
    Priority = 0x100,

    /// <summary>Belongs to the handler (lwkt: MSGF_USER0).</summary>
    User0 = 0x10000,

    /// <summary>Belongs to the handler (lwkt: MSGF_USER1).</summary>
    User1 = 0x20000,

    /// <summary>Belongs to the handler (lwkt: MSGF_USER2).</summary>
    User2 = 0x40000,

    /// <summary>Belongs to the handler (lwkt: MSGF_USER3).</summary>
    User3 = 0x80000,
}
