namespace Lwkt.Runtime.Tests.Messaging;

/// <summary>The thread fallback's idle stack, in the states its races leave it in.</summary>
public class SysPortThreadsTests
{
    [Fact]
    public void A_serving_thread_popped_by_a_submitter_is_not_removed_from_the_idle_stack_again()
    {
        // The race the 60 s torture on the fallback hit: the thread pushes itself idle, a submitter pops it to wake it,
        // and the thread, seeing the queue non-empty, tries to take itself back off the now empty stack.
        var pool = new SysPortThreads(maxThreads: 2, name: "test");
        var server = new SysPortThreads.Server(pool);
        var other = new SysPortThreads.Server(pool);
        pool.PushIdle(server);

        Assert.Same(server, pool.PopIdle());
        Assert.False(pool.TryRemoveIdle(server));

        // And with another thread still idle: this one is not on the stack, the other stays there.
        pool.PushIdle(other);
        Assert.False(pool.TryRemoveIdle(server));
        Assert.True(pool.TryRemoveIdle(other));
        Assert.Null(pool.PopIdle());
    }
}
