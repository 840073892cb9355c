namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A thread blocked on a port or lock (spin port, serializer port, serializer), with the blocking point a wake must
/// name and the result it resumes with. The waker removes the entry under the structure's lock, so each entry is
/// woken exactly once.
/// </summary>
internal readonly record struct PortWaiter(LwktThread Thread, int Version, int Result = LwktThread.WokenResult);
