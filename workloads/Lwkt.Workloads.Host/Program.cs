using System.Text;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Workloads.Host;

/// <summary>
/// The child process of <c>lwkt-bench</c>: runs one cell (the default mode), or answers a catalogue or plan
/// question. The protocol is in <c>Protocol/PROTOCOL.md</c>. stdout carries protocol lines only; anything the
/// workloads print goes to stderr.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        // A traced child (lwkt-bench run --trace) was parked on this reverse-connect port; nothing it might start may inherit it.
        Environment.SetEnvironmentVariable("DOTNET_DiagnosticPorts", null);
        var protocol = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false))
        {
            AutoFlush = true,
            NewLine = "\n",
        };
        Console.SetOut(Console.Error);
        string mode = args.Length > 0 ? args[0] : HostProtocol.RunMode;
        switch (mode)
        {
            case HostProtocol.CatalogMode:
                CatalogMode.Write(protocol);
                return 0;
            case HostProtocol.PlanMode:
                PlanMode.Run(Console.In, protocol);
                return 0;
            case HostProtocol.TortureMode:
                return TortureMode.Run(Console.In, protocol);
            case HostProtocol.RunMode:
                return new CellSession(Console.In, protocol).Run();
            default:
                Console.Error.WriteLine(
                    $"Lwkt.Workloads.Host: unknown mode '{mode}' (modes: {HostProtocol.RunMode}, {HostProtocol.CatalogMode}, {HostProtocol.PlanMode}, {HostProtocol.TortureMode}); it is run by lwkt-bench");
                return 2;
        }
    }
}
