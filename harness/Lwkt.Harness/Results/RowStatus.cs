namespace Lwkt.Harness.Results;

/// <summary>The values of the <c>status</c> column (docs/csv-schema.md). Strings, because the CSV stores them as text.</summary>
public static class RowStatus
{
    /// <summary>Measured, and the workload's own validation passed.</summary>
    public const string Ok = "ok";

    /// <summary>Measured, but the workload's validation failed: the numbers must not be trusted.</summary>
    public const string Invalid = "invalid";

    /// <summary>The child exited before finishing (non-zero exit, protocol error); <c>error</c> has its stderr tail.</summary>
    public const string Crashed = "crashed";

    /// <summary>The child did not finish within the per-cell timeout and was killed.</summary>
    public const string Timeout = "timeout";

    /// <summary>The workload declares it cannot mean anything on this runtime; <c>error</c> says why. No child ran.</summary>
    public const string Unsupported = "unsupported";

    /// <summary>Every status, for validation when reading a file.</summary>
    public static IReadOnlyList<string> All { get; } = [Ok, Invalid, Crashed, Timeout, Unsupported];
}
