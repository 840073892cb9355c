using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;
using Lwkt.Runtime.Messaging;

namespace Lwkt.Runtime.Diagnostics;

/// <summary>
/// The <c>Lwkt-Runtime</c> event provider (docs/lwkt-semantics.md, Observability; lwkt: the KTR trace points of lwkt_thread.c,
/// lwkt_token.c and lwkt_ipiq.c). Enable it in an EventPipe session by name, with the keywords of
/// <see cref="Keywords"/> (or -1 for all) at <see cref="EventLevel.Verbose"/> to get the high-rate events too.
/// </summary>
/// <remarks>
/// <para>Cost when nobody listens: every call site in the runtime is guarded by one of the static flags
/// (<see cref="SchedulerOn"/>, <see cref="TokensOn"/>, <see cref="IpiOn"/>, <see cref="MessagesOn"/>,
/// <see cref="SleepOn"/>): one load of a static field and a branch not taken. The flags are recomputed in
/// <see cref="OnEventCommand"/> whenever a session enables or disables the provider, so a hot loop never calls
/// <see cref="EventSource.IsEnabled()"/> and never builds a payload while tracing is off.</para>
/// <para>Event names follow EventPipe's Start/Stop rule: <c>TokenContentionStart</c>/<c>Stop</c> appear as
/// <c>TokenContention/Start</c> and <c>TokenContention/Stop</c>, shaped like the CLR's
/// <c>Contention/Start</c>/<c>Stop</c> (the stop carries <c>DurationNs</c>). The other names appear as declared.</para>
/// <para>Calling context: the helpers marked <see cref="NonEventAttribute"/> are called by the runtime on the worker
/// of the CPU concerned (or on the OS thread that spawns or wakes); they never block and never throw.</para>
/// </remarks>
[EventSource(Name = ProviderName)]
public sealed class LwktEventSource : EventSource
{
    /// <summary>The provider name sessions enable.</summary>
    public const string ProviderName = "Lwkt-Runtime";

    /// <summary>The one instance.</summary>
    public static readonly LwktEventSource Log = new();

    private static volatile bool s_scheduler;
    private static volatile bool s_tokens;
    private static volatile bool s_ipi;
    private static volatile bool s_messages;
    private static volatile bool s_sleep;

    /// <summary>Token waits begun and not yet ended, by LWKT thread id (only while <see cref="TokensOn"/>).</summary>
    private readonly ConcurrentDictionary<long, TokenWait> _tokenWaits = new();

    /// <summary>
    /// The LWKT thread each virtual CPU last switched to (0: idle), indexed by CPU id, so one event per switch
    /// names both sides (lwkt: the ctxsw KTR point). Each slot is written only by its CPU's worker.
    /// </summary>
    private long[] _lastOnCpu = new long[64];

    private LwktEventSource()
    {
    }

    /// <summary>True while a session wants <see cref="Keywords.Scheduler"/> events (thread create/exit, switch, migration).</summary>
    public static bool SchedulerOn
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_scheduler;
    }

    /// <summary>True while a session wants <see cref="Keywords.Tokens"/> events (token contention).</summary>
    public static bool TokensOn
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_tokens;
    }

    /// <summary>True while a session wants <see cref="Keywords.Ipi"/> events (IPI send and process, work requests).</summary>
    public static bool IpiOn
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_ipi;
    }

    /// <summary>True while a session wants <see cref="Keywords.Messages"/> events (message send and reply).</summary>
    public static bool MessagesOn
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_messages;
    }

    /// <summary>True while a session wants <see cref="Keywords.Sleep"/> events (sleep and wakeup).</summary>
    public static bool SleepOn
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_sleep;
    }

    /// <summary>The event groups a session selects.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Design", "CA1034:Nested types should not be visible", Justification = "EventSource convention: the manifest reads the nested Keywords class.")]
    public static class Keywords
    {
        /// <summary>Thread create/exit, switches, migrations.</summary>
        public const EventKeywords Scheduler = (EventKeywords)0x1;

        /// <summary>Token contention start/stop.</summary>
        public const EventKeywords Tokens = (EventKeywords)0x2;

        /// <summary>IPI send/process and work requests.</summary>
        public const EventKeywords Ipi = (EventKeywords)0x4;

        /// <summary>Message send and reply.</summary>
        public const EventKeywords Messages = (EventKeywords)0x8;

        /// <summary>Sleep and wakeup.</summary>
        public const EventKeywords Sleep = (EventKeywords)0x10;
    }

    // ---- Events. Ids and payload names are a contract of the trace files: append, never renumber. ----

    /// <summary>A thread was created (lwkt: lwkt_create) and scheduled on <paramref name="cpu"/>.</summary>
    [Event(1, Level = EventLevel.Informational, Keywords = Keywords.Scheduler)]
    public unsafe void ThreadCreate(long threadId, int cpu, int priority)
    {
        EventData* data = stackalloc EventData[3];
        Set(data, 0, &threadId, sizeof(long));
        Set(data, 1, &cpu, sizeof(int));
        Set(data, 2, &priority, sizeof(int));
        WriteEventCore(1, 3, data);
    }

    /// <summary>A thread finished on <paramref name="cpu"/> (lwkt: lwkt_exit); <paramref name="faulted"/> when an exception ended it.</summary>
    [Event(2, Level = EventLevel.Informational, Keywords = Keywords.Scheduler)]
    public unsafe void ThreadExit(long threadId, int cpu, bool faulted)
    {
        int faultedWord = faulted ? 1 : 0;
        EventData* data = stackalloc EventData[3];
        Set(data, 0, &threadId, sizeof(long));
        Set(data, 1, &cpu, sizeof(int));
        Set(data, 2, &faultedWord, sizeof(int));
        WriteEventCore(2, 3, data);
    }

    /// <summary>
    /// <paramref name="cpu"/> switched from <paramref name="fromThreadId"/> to <paramref name="toThreadId"/> (lwkt:
    /// lwkt_switch); 0 on either side is the CPU's idle loop. The thread runs until the CPU's next switch.
    /// </summary>
    [Event(3, Level = EventLevel.Verbose, Keywords = Keywords.Scheduler)]
    public unsafe void Switch(int cpu, long fromThreadId, long toThreadId)
    {
        EventData* data = stackalloc EventData[3];
        Set(data, 0, &cpu, sizeof(int));
        Set(data, 1, &fromThreadId, sizeof(long));
        Set(data, 2, &toThreadId, sizeof(long));
        WriteEventCore(3, 3, data);
    }

    /// <summary>
    /// A thread began to wait for a token it could not take (lwkt: the td_contended path), after spinning. Shaped like
    /// the CLR's <c>Contention/Start</c>: <paramref name="ownerThreadId"/> is the exclusive holder seen (0: shared or unknown).
    /// </summary>
    [Event(4, Level = EventLevel.Informational, Keywords = Keywords.Tokens, ActivityOptions = EventActivityOptions.Disable)]
    public unsafe void TokenContentionStart(int tokenId, string tokenName, long threadId, long ownerThreadId, int cpu, bool shared)
    {
        ArgumentNullException.ThrowIfNull(tokenName);
        int sharedWord = shared ? 1 : 0;
        fixed (char* name = tokenName)
        {
            EventData* data = stackalloc EventData[6];
            Set(data, 0, &tokenId, sizeof(int));
            Set(data, 1, name, (tokenName.Length + 1) * sizeof(char));
            Set(data, 2, &threadId, sizeof(long));
            Set(data, 3, &ownerThreadId, sizeof(long));
            Set(data, 4, &cpu, sizeof(int));
            Set(data, 5, &sharedWord, sizeof(int));
            WriteEventCore(4, 6, data);
        }
    }

    /// <summary>The waiting thread holds its whole token set again; <paramref name="durationNs"/> since the start.</summary>
    [Event(5, Level = EventLevel.Informational, Keywords = Keywords.Tokens, ActivityOptions = EventActivityOptions.Disable)]
    public unsafe void TokenContentionStop(int tokenId, string tokenName, long threadId, int cpu, double durationNs)
    {
        ArgumentNullException.ThrowIfNull(tokenName);
        fixed (char* name = tokenName)
        {
            EventData* data = stackalloc EventData[5];
            Set(data, 0, &tokenId, sizeof(int));
            Set(data, 1, name, (tokenName.Length + 1) * sizeof(char));
            Set(data, 2, &threadId, sizeof(long));
            Set(data, 3, &cpu, sizeof(int));
            Set(data, 4, &durationNs, sizeof(double));
            WriteEventCore(5, 5, data);
        }
    }

    /// <summary>An IPI left <paramref name="sourceCpu"/> for <paramref name="targetCpu"/> (lwkt: lwkt_send_ipiq); -1: from outside the runtime.</summary>
    [Event(6, Level = EventLevel.Verbose, Keywords = Keywords.Ipi)]
    public unsafe void IpiSend(int sourceCpu, int targetCpu)
    {
        EventData* data = stackalloc EventData[2];
        Set(data, 0, &sourceCpu, sizeof(int));
        Set(data, 1, &targetCpu, sizeof(int));
        WriteEventCore(6, 2, data);
    }

    /// <summary><paramref name="cpu"/> ran <paramref name="count"/> IPIs from <paramref name="sourceCpu"/> (lwkt: lwkt_process_ipiq); -1: external requests.</summary>
    [Event(7, Level = EventLevel.Verbose, Keywords = Keywords.Ipi)]
    public unsafe void IpiProcess(int cpu, int sourceCpu, int count)
    {
        EventData* data = stackalloc EventData[3];
        Set(data, 0, &cpu, sizeof(int));
        Set(data, 1, &sourceCpu, sizeof(int));
        Set(data, 2, &count, sizeof(int));
        WriteEventCore(7, 3, data);
    }

    /// <summary>A thread moved from <paramref name="fromCpu"/> to <paramref name="toCpu"/> (work distribution or SetCpu).</summary>
    [Event(8, Level = EventLevel.Informational, Keywords = Keywords.Scheduler)]
    public unsafe void Migration(long threadId, int fromCpu, int toCpu)
    {
        EventData* data = stackalloc EventData[3];
        Set(data, 0, &threadId, sizeof(long));
        Set(data, 1, &fromCpu, sizeof(int));
        Set(data, 2, &toCpu, sizeof(int));
        WriteEventCore(8, 3, data);
    }

    /// <summary>Idle <paramref name="cpu"/> asked <paramref name="targetCpu"/>, the busiest, for runnable threads.</summary>
    [Event(9, Level = EventLevel.Informational, Keywords = Keywords.Scheduler | Keywords.Ipi)]
    public unsafe void WorkRequest(int cpu, int targetCpu, int targetRunnable)
    {
        EventData* data = stackalloc EventData[3];
        Set(data, 0, &cpu, sizeof(int));
        Set(data, 1, &targetCpu, sizeof(int));
        Set(data, 2, &targetRunnable, sizeof(int));
        WriteEventCore(9, 3, data);
    }

    /// <summary>A message was sent to a port (lwkt: lwkt_sendmsg/domsg/forwardmsg); <paramref name="messageId"/> pairs it with its reply.</summary>
    [Event(10, Level = EventLevel.Verbose, Keywords = Keywords.Messages)]
    public unsafe void MessageSend(int messageId, string messageType, string portType, long threadId, int cpu, bool synchronous)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        ArgumentNullException.ThrowIfNull(portType);
        int synchronousWord = synchronous ? 1 : 0;
        fixed (char* type = messageType)
        fixed (char* port = portType)
        {
            EventData* data = stackalloc EventData[6];
            Set(data, 0, &messageId, sizeof(int));
            Set(data, 1, type, (messageType.Length + 1) * sizeof(char));
            Set(data, 2, port, (portType.Length + 1) * sizeof(char));
            Set(data, 3, &threadId, sizeof(long));
            Set(data, 4, &cpu, sizeof(int));
            Set(data, 5, &synchronousWord, sizeof(int));
            WriteEventCore(10, 6, data);
        }
    }

    /// <summary>A message was replied to (lwkt: lwkt_replymsg) with <paramref name="error"/>.</summary>
    [Event(11, Level = EventLevel.Verbose, Keywords = Keywords.Messages)]
    public unsafe void MessageReply(int messageId, string messageType, int error, long threadId, int cpu)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        fixed (char* type = messageType)
        {
            EventData* data = stackalloc EventData[5];
            Set(data, 0, &messageId, sizeof(int));
            Set(data, 1, type, (messageType.Length + 1) * sizeof(char));
            Set(data, 2, &error, sizeof(int));
            Set(data, 3, &threadId, sizeof(long));
            Set(data, 4, &cpu, sizeof(int));
            WriteEventCore(11, 5, data);
        }
    }

    /// <summary>A thread went to sleep on an ident (lwkt: tsleep); <paramref name="timeoutNs"/> is -1 without a timeout.</summary>
    [Event(12, Level = EventLevel.Verbose, Keywords = Keywords.Sleep)]
    public unsafe void Sleep(long threadId, int cpu, int identHash, long timeoutNs)
    {
        EventData* data = stackalloc EventData[4];
        Set(data, 0, &threadId, sizeof(long));
        Set(data, 1, &cpu, sizeof(int));
        Set(data, 2, &identHash, sizeof(int));
        Set(data, 3, &timeoutNs, sizeof(long));
        WriteEventCore(12, 4, data);
    }

    /// <summary><paramref name="cpu"/> woke <paramref name="woken"/> of its sleepers on an ident (lwkt: wakeup / wakeup_one).</summary>
    [Event(13, Level = EventLevel.Verbose, Keywords = Keywords.Sleep)]
    public unsafe void Wakeup(int cpu, int identHash, int woken, bool one)
    {
        int oneWord = one ? 1 : 0;
        EventData* data = stackalloc EventData[4];
        Set(data, 0, &cpu, sizeof(int));
        Set(data, 1, &identHash, sizeof(int));
        Set(data, 2, &woken, sizeof(int));
        Set(data, 3, &oneWord, sizeof(int));
        WriteEventCore(13, 4, data);
    }

    /// <summary>
    /// Idle <paramref name="cpu"/> spun <paramref name="durationNs"/> watching its doorbell; <paramref name="paid"/> when
    /// work arrived during the spin, false when it ran out of budget and the CPU parked.
    /// </summary>
    [Event(14, Level = EventLevel.Verbose, Keywords = Keywords.Scheduler)]
    public unsafe void IdleSpin(int cpu, long durationNs, bool paid)
    {
        int paidWord = paid ? 1 : 0;
        EventData* data = stackalloc EventData[3];
        Set(data, 0, &cpu, sizeof(int));
        Set(data, 1, &durationNs, sizeof(long));
        Set(data, 2, &paidWord, sizeof(int));
        WriteEventCore(14, 3, data);
    }

    // ---- Helpers for the runtime's call sites (each behind a flag check at the site). ----

    /// <summary>A thread was created on <paramref name="cpu"/>.</summary>
    [NonEvent]
    internal void OnCreate(LwktThread td, VirtualCpu cpu) => ThreadCreate(td.Id, cpu.Id, td.PriorityLevel);

    /// <summary>A thread finished on its CPU.</summary>
    [NonEvent]
    internal void OnExit(LwktThread td) => ThreadExit(td.Id, td._cpu.Id, td.Fault is not null);

    /// <summary><paramref name="cpu"/> is about to run <paramref name="td"/>. Caller: that CPU's worker.</summary>
    [NonEvent]
    internal void OnSwitch(VirtualCpu cpu, LwktThread td)
    {
        ref long last = ref LastSlot(cpu.Id);
        long from = last;
        last = td.Id;
        Switch(cpu.Id, from, td.Id);
    }

    /// <summary><paramref name="cpu"/> enters its idle loop: one switch to 0 after the last thread, none while it stays idle.</summary>
    [NonEvent]
    internal void OnIdle(VirtualCpu cpu)
    {
        ref long last = ref LastSlot(cpu.Id);
        if (last != 0)
        {
            long from = last;
            last = 0;
            Switch(cpu.Id, from, 0);
        }
    }

    /// <summary>
    /// <paramref name="td"/> could not take <paramref name="token"/> and will wait. Only the first failure of a wait
    /// emits a start: the scheduler retries a contended set several times before the thread holds it.
    /// </summary>
    [NonEvent]
    internal void OnTokenWait(LwktThread td, Token token, bool shared)
    {
        if (_tokenWaits.TryAdd(td.Id, new TokenWait(token, Stopwatch.GetTimestamp())))
        {
            TokenContentionStart(token.Id, token.Name, td.Id, token.OwnerId, td._cpu.Id, shared);
        }
    }

    /// <summary><paramref name="td"/> holds its whole token set: ends its wait, if one was begun.</summary>
    [NonEvent]
    internal void OnTokensTaken(LwktThread td)
    {
        if (!_tokenWaits.IsEmpty && _tokenWaits.TryRemove(td.Id, out TokenWait wait))
        {
            double ns = (Stopwatch.GetTimestamp() - wait.Start) * (1e9 / Stopwatch.Frequency);
            TokenContentionStop(wait.Token.Id, wait.Token.Name, td.Id, td._cpu.Id, ns);
        }
    }

    /// <summary>A thread left <paramref name="from"/> for <paramref name="to"/>.</summary>
    [NonEvent]
    internal void OnMigrate(LwktThread td, VirtualCpu from, VirtualCpu to) => Migration(td.Id, from.Id, to.Id);

    /// <summary>A message leaves the current thread for <paramref name="port"/>.</summary>
    [NonEvent]
    internal void OnSend(Message msg, MessagePort port, bool synchronous)
    {
        (long thread, int cpu) = Where();
        MessageSend(RuntimeHelpers.GetHashCode(msg), msg.GetType().Name, port.GetType().Name, thread, cpu, synchronous);
    }

    /// <summary>A message is replied to.</summary>
    [NonEvent]
    internal void OnReply(Message msg, int error)
    {
        (long thread, int cpu) = Where();
        MessageReply(RuntimeHelpers.GetHashCode(msg), msg.GetType().Name, error, thread, cpu);
    }

    /// <summary>The current thread sleeps on <paramref name="ident"/>.</summary>
    [NonEvent]
    internal void OnSleep(LwktThread td, object ident, TimeSpan? timeout) =>
        Sleep(td.Id, td._cpu.Id, RuntimeHelpers.GetHashCode(ident), timeout is TimeSpan t ? (long)(t.TotalMilliseconds * 1e6) : -1);

    /// <summary><paramref name="cpu"/> woke <paramref name="woken"/> sleepers on <paramref name="ident"/>.</summary>
    [NonEvent]
    internal void OnWakeup(VirtualCpu cpu, object ident, int woken, bool one) => Wakeup(cpu.Id, RuntimeHelpers.GetHashCode(ident), woken, one);

    /// <inheritdoc/>
    protected override void OnEventCommand(EventCommandEventArgs command)
    {
        ArgumentNullException.ThrowIfNull(command);
        s_scheduler = IsEnabled(EventLevel.Informational, Keywords.Scheduler);
        s_tokens = IsEnabled(EventLevel.Informational, Keywords.Tokens);
        s_ipi = IsEnabled(EventLevel.Informational, Keywords.Ipi);
        s_messages = IsEnabled(EventLevel.Informational, Keywords.Messages);
        s_sleep = IsEnabled(EventLevel.Informational, Keywords.Sleep);
        if (!s_tokens)
        {
            // Waits begun under the last session would otherwise end, unmatched, in the next one.
            _tokenWaits.Clear();
        }
    }

    private static (long Thread, int Cpu) Where()
    {
        VirtualCpu? cpu = VirtualCpu.Current;
        return (cpu?.CurrentThread?.Id ?? 0, cpu?.Id ?? -1);
    }

    private ref long LastSlot(int cpu)
    {
        long[] slots = _lastOnCpu;
        if ((uint)cpu >= (uint)slots.Length)
        {
            slots = GrowLastSlots(cpu);
        }

        return ref slots[cpu];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long[] GrowLastSlots(int cpu)
    {
        lock (_tokenWaits)
        {
            long[] slots = _lastOnCpu;
            if ((uint)cpu >= (uint)slots.Length)
            {
                var bigger = new long[Math.Max(cpu + 1, slots.Length * 2)];
                slots.CopyTo(bigger, 0);
                _lastOnCpu = bigger;
                slots = bigger;
            }

            return slots;
        }
    }

    /// <summary>Fills one payload field; a bool travels as a 4-byte int (the manifest's win:Boolean).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Set(EventData* data, int index, void* value, int size)
    {
        data[index].DataPointer = (nint)value;
        data[index].Size = size;
    }

    private readonly record struct TokenWait(Token Token, long Start);
}
