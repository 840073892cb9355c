namespace Lwkt.Harness.Report;

/// <summary>
/// Gunther's Universal Scalability Law: throughput on <c>N</c> cores is
/// <c>X(N) = λN / (1 + σ(N−1) + κN(N−1))</c>. λ is the throughput of one core without interference, σ the
/// contention (the serial fraction: queueing on a shared resource, Amdahl's term) and κ the coherency delay (the
/// pairwise cost of keeping shared data consistent: cache-line ping-pong, which makes throughput fall past a peak).
/// </summary>
/// <param name="Lambda">λ ≥ 0, in the throughput's units per core.</param>
/// <param name="Sigma">σ ≥ 0, dimensionless.</param>
/// <param name="Kappa">κ ≥ 0, dimensionless.</param>
public sealed record UslModel(double Lambda, double Sigma, double Kappa)
{
    /// <summary>The modelled throughput on <paramref name="cores"/> cores.</summary>
    public double Throughput(double cores) => Lambda * cores / Denominator(cores);

    /// <summary>
    /// The core count of peak throughput, <c>N* = sqrt((1−σ)/κ)</c>; <see langword="null"/> when the model has no peak
    /// (κ = 0: throughput rises toward λ/σ for ever) or peaks at once (σ ≥ 1).
    /// </summary>
    public double? PeakCores => Kappa > 0 && Sigma < 1 ? Math.Sqrt((1 - Sigma) / Kappa) : null;

    /// <summary><c>1 + σ(N−1) + κN(N−1)</c>: the slowdown relative to linear scaling.</summary>
    internal double Denominator(double cores) => 1 + (Sigma * (cores - 1)) + (Kappa * cores * (cores - 1));
}
