using System.Text.RegularExpressions;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// The name a sampled frame is reported under: a managed method as <c>Namespace.Type.Method</c> (parameter lists
/// dropped, so overloads share a row; an async method's state machine <c>Type+&lt;M&gt;d__7.MoveNext</c> shown as
/// <c>Type.M [async]</c>, the BCL box that runs it as <c>System.Runtime.CompilerServices.AsyncStateMachineBox&lt;Type.M&gt;</c>), a frame with no method (native code) as its module in brackets, <c>[libcoreclr.so]</c>.
/// </summary>
internal static partial class FrameNames
{
    /// <summary>A frame whose address no module claims.</summary>
    public const string Unknown = "[unknown]";

    /// <summary>The name of <paramref name="address"/>.</summary>
    public static string Of(TraceCodeAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        string method = address.FullMethodName;
        if (string.IsNullOrEmpty(method) || method == "?")
        {
            string module = address.ModuleName;
            return string.IsNullOrEmpty(module) || module == "?" ? Unknown : "[" + module + "]";
        }

        return Readable(method);
    }

    /// <summary>The readable form of a TraceEvent full method name.</summary>
    public static string Readable(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        int paren = method.IndexOf('(', StringComparison.Ordinal);
        string name = paren < 0 ? method : method[..paren];
        Match async = StateMachine().Match(name);
        if (async.Success)
        {
            return $"{async.Groups["type"].Value}.{async.Groups["method"].Value} [async]";
        }

        // The box that runs a state machine: AsyncTaskMethodBuilder`1+AsyncStateMachineBox`1[TResult,Type+<M>d__7].MoveNext.
        Match box = StateMachineBox().Match(name);
        return box.Success ? $"System.Runtime.CompilerServices.AsyncStateMachineBox<{box.Groups["type"].Value}.{box.Groups["method"].Value}>" : name;
    }

    [GeneratedRegex(@"^(?<type>.+)\+<(?<method>[^>]+)>d__\d+\.MoveNext$", RegexOptions.CultureInvariant)]
    private static partial Regex StateMachine();

    [GeneratedRegex(@"\+AsyncStateMachineBox`1\[.*,(?<type>[^,\[\]]+)\+<(?<method>[^>]+)>d__\d+\]\.MoveNext$", RegexOptions.CultureInvariant)]
    private static partial Regex StateMachineBox();
}
