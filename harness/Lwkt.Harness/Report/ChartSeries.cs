namespace Lwkt.Harness.Report;

/// <summary>One line of a <see cref="LineChart"/>, in data units (the renderer applies the axis scales).</summary>
/// <param name="Label">Legend text.</param>
/// <param name="ColorIndex">Palette index: the report gives each runtime one colour across all charts.</param>
/// <param name="X">x values.</param>
/// <param name="Y">y values (medians of iterations for measurements).</param>
/// <param name="Low">Lower ends of the error bars (same length as <paramref name="Y"/>), or null for no bars.</param>
/// <param name="High">Upper ends of the error bars, or null.</param>
/// <param name="IsModel">A model curve (a translucent line, no markers) rather than measurements.</param>
/// <param name="MarkersOnly">Measured points drawn without connecting lines (beside a model curve).</param>
public sealed record ChartSeries(
    string Label,
    int ColorIndex,
    IReadOnlyList<double> X,
    IReadOnlyList<double> Y,
    IReadOnlyList<double>? Low = null,
    IReadOnlyList<double>? High = null,
    bool IsModel = false,
    bool MarkersOnly = false);
