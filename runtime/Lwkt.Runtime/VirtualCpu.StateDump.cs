using System.Globalization;
using System.Text;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    /// <summary>
    /// One line of this CPU's scheduler state for a hang diagnosis (<see cref="LwktRuntime.DescribeState"/>): the
    /// running thread and the hand-off with their token stacks, the run queue's size, whether IPIs wait and whether the
    /// next step defers them, then the end of <see cref="ToString"/>. Read from another OS thread while the worker runs: every
    /// field is read once, without a lock, so the line is a racy snapshot, never a consistent one.
    /// </summary>
    internal string DescribeState()
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"cpu{Id}: movable={MovableCount} current={Describe(_core.Current)} handoff={Describe(_core.HandOff)} ");
        line.Append(CultureInfo.InvariantCulture, $"runq={_core.RunQueue.Count} ipi-pending={IpiPending} defer-ipis={_core.DeferIpis} scan-owed={OwesRingScan} {StateTail}");
        return line.ToString();
    }

    /// <summary>A thread's id, state and token stack (each token: name#id, mode, state word; then the refs held), or "-".</summary>
    private static string Describe(LwktThread? td)
    {
        if (td is null)
        {
            return "-";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{td.Id}/{td._state}");
        TokenRef[]? toks = td._toks;
        int count = Math.Min(td._tokCount, toks?.Length ?? 0);
        if (count > 0)
        {
            text.Append("[toks");
            for (int i = 0; i < count; i++)
            {
                // A racy read: the slot may be cleared (thread exit) between the count's read and this one.
                TokenRef r = toks![i];
                if (r.Token is Token token)
                {
                    text.Append(CultureInfo.InvariantCulture, $" {token.Name}#{token.Id}:{r.Mode}:0x{Volatile.Read(ref token._count):x}");
                }
            }

            text.Append(CultureInfo.InvariantCulture, $" have={td._tokHave}]");
        }

        return text.ToString();
    }
}
