namespace Lwkt.Harness.Tests.Tracing;

public sealed class FrameNamesTests
{
    [Theory]
    [InlineData("Lwkt.Workloads.Measurement.CpuWork.Loop(int64)", "Lwkt.Workloads.Measurement.CpuWork.Loop")]
    [InlineData("Lwkt.Workloads.Catalog.CounterWorkload+<RunThreadAsync>d__13.MoveNext()", "Lwkt.Workloads.Catalog.CounterWorkload.RunThreadAsync [async]")]
    [InlineData(
        "System.Runtime.CompilerServices.AsyncTaskMethodBuilder`1+AsyncStateMachineBox`1[System.Threading.Tasks.VoidTaskResult,Lwkt.Workloads.Catalog.CounterWorkload+<RunThreadAsync>d__13].MoveNext(class System.Threading.Thread)",
        "System.Runtime.CompilerServices.AsyncStateMachineBox<Lwkt.Workloads.Catalog.CounterWorkload.RunThreadAsync>")]
    [InlineData("System.Threading.Thread.<PollGC>g__PollGCWorker|67_0()", "System.Threading.Thread.<PollGC>g__PollGCWorker|67_0")]
    public void Readable_drops_parameters_and_names_async_methods(string full, string readable)
    {
        Assert.Equal(readable, FrameNames.Readable(full));
    }

    [Theory]
    [InlineData("Lwkt.Runtime.VirtualCpu.WorkerMain", ThreadKind.LwktWorker)]
    [InlineData("Lwkt.Runtime.Messaging.SysPortThreads+Server.Serve", ThreadKind.SysPort)]
    [InlineData("Lwkt.Runtime.Messaging.SysPortThreads+Server.ServeLoop", null)]
    [InlineData("Lwkt.Workloads.Runtimes.OsThreads+<>c__DisplayClass2_0.<Start>b__0", ThreadKind.OsThread)]
    [InlineData("Lwkt.Workloads.Runtimes.OsThreads.Run", null)]
    [InlineData("Lwkt.Runtime.VirtualCpu.SendIpi", null)]
    public void Only_thread_entry_points_mark_a_thread_kind(string frame, ThreadKind? kind)
    {
        Assert.Equal(kind, ThreadKinds.Marked(frame));
    }
}
