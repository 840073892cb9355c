namespace Lwkt.Runtime.Messaging;

/// <summary>
/// What serves a sysport send: a virtual CPU's ring (<see cref="SysPortRing"/>) or the fallback threads
/// (<see cref="SysPortThreads"/>). A call records its server at each put, so an abort reaches the right one.
/// </summary>
internal abstract class SysPortServer
{
    /// <summary>
    /// Asks to abort send number <paramref name="seq"/> of <paramref name="call"/>; any thread. Never replies twice: a
    /// call already finished, or a later send of the same message, is left alone.
    /// </summary>
    internal abstract void Abort(SystemCallMessage call, uint seq);
}
