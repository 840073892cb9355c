using System.Globalization;
using System.Text;
using Lwkt.Runtime;

namespace Lwkt.Workloads.Torture;

/// <summary>The lines a torture prints: locktorture-style statistics, the watchdog's dump, the stress summary.</summary>
internal static class TortureReport
{
    /// <summary>
    /// One line per group, locktorture style: <c>Writes:  Total: N  Max/Min: a/b ???  Fail: 0 !!!</c> — "???" when
    /// max/2 &gt; min over the group's threads (unfair or starving), "!!!" when a check failed.
    /// </summary>
    public static void PrintStats(TortureContext ctx, long nowMs)
    {
        foreach (StatGroup group in ctx.Groups)
        {
            if (group.Threads.Count == 0)
            {
                continue;
            }

            long total = 0;
            long max = long.MinValue;
            long min = long.MaxValue;
            foreach (TortureThread t in group.Threads)
            {
                long ops = Volatile.Read(ref t.Ops);
                total += ops;
                max = Math.Max(max, ops);
                min = Math.Min(min, ops);
            }

            var line = new StringBuilder();
            line.Append(CultureInfo.InvariantCulture, $"{TortureContext.Seconds(nowMs),7} {group.Label + ":",-10} Total: {total}  Max/Min: {max}/{min}");
            if (max / 2 > min)
            {
                line.Append(" ???");
            }

            line.Append(CultureInfo.InvariantCulture, $"  Fail: {group.Fails}");
            if (group.Fails > 0)
            {
                line.Append(" !!!");
            }

            if (group.Details is not null)
            {
                line.Append("  ").Append(group.Details());
            }

            ctx.Print(line.ToString());
        }
    }

    /// <summary>The perturbations applied so far.</summary>
    public static void PrintStress(TortureContext ctx, int stutters) => ctx.Print(string.Create(
        CultureInfo.InvariantCulture,
        $"Stress: long holds {ctx.LongHolds}, blocks while holding {ctx.BlocksWhileHolding} (data changed meanwhile {ctx.ChangedWhileBlocked}), exceptions inside {ctx.Exceptions}, migrations {ctx.Migrations}, stutters {stutters}"));

    /// <summary>The state of every stress thread and, on lwkt, of every virtual CPU (the watchdog's dump).</summary>
    public static void PrintDump(TortureContext ctx, long nowMs, string why)
    {
        ctx.Print($"DUMP at {TortureContext.Seconds(nowMs)} ({why}):");
        foreach (TortureThread t in ctx.Threads)
        {
            string wait = t.WaitEvent is { } evt ? $" event seen={t.WaitSeen} now={evt.Sequence}" : "";
            string td = t.LwktNumber != 0 ? $" td{t.LwktNumber}" : "";
            ctx.Print(string.Create(
                CultureInfo.InvariantCulture,
                $"  {t.Name,-10} [{t.Group?.Label ?? "helper"}] {t.Phase} for {nowMs - t.PhaseSince} ms, ops={Volatile.Read(ref t.Ops)}, cpu={t.Cpu}{td}{wait}"));
        }

        if (ctx.Traits.Lwkt is LwktRuntime lwkt)
        {
            ctx.Print($"  lwkt: live threads {lwkt.LiveThreads}");
            foreach (VirtualCpu cpu in lwkt.Cpus)
            {
                ctx.Print("  " + cpu);
            }
        }
    }
}
