namespace Lwkt.Workloads.Host.Protocol;

/// <summary>The payload of <c>ERROR</c>: why a cell could not run or stopped.</summary>
internal sealed record ErrorMessage
{
    /// <summary>The kind of <c>bad-request</c> (the request itself is wrong) or <c>exception</c>.</summary>
    public const string BadRequest = "bad-request";

    /// <summary>The kind of an exception thrown while setting up or running the cell.</summary>
    public const string Exception = "exception";

    /// <summary>The kind of a cell the workload declares unsupported on the runtime.</summary>
    public const string Unsupported = "unsupported";

    /// <summary><see cref="BadRequest"/>, <see cref="Exception"/> or <see cref="Unsupported"/>.</summary>
    public string Kind { get; init; } = Exception;

    /// <summary>One line saying what went wrong.</summary>
    public string Message { get; init; } = "";

    /// <summary>More detail (the exception with its stack), for the row's error column.</summary>
    public string? Detail { get; init; }
}
