namespace Lwkt.Harness.Report;

/// <summary>
/// Fits the Universal Scalability Law to (cores, throughput) measurements by nonlinear least squares with λ, σ, κ ≥ 0.
/// </summary>
/// <remarks>
/// <para>
/// The objective is the sum of squared <em>relative</em> residuals <c>X(Nᵢ)/yᵢ − 1</c>: iteration noise is roughly
/// proportional to throughput, and an absolute objective would let the largest core count decide everything.
/// </para>
/// <para>
/// Two stages. (1) A grid over σ and κ (log-spaced, plus 0) where λ is not searched but solved: for fixed σ, κ the
/// model is linear in λ, so the best λ is a closed-form weighted least-squares estimate. The grid finds the right basin
/// whatever the data, which a local method alone does not (the problem is badly scaled: λ ~ 10⁶, κ ~ 10⁻⁴).
/// (2) Levenberg–Marquardt on all three from the best grid point, with Marquardt's diagonal scaling (which makes the
/// step independent of the parameters' units) and projection of each trial step onto the bounds.
/// </para>
/// </remarks>
public static class UslFitter
{
    /// <summary>Fewest distinct core counts for a fit: three coefficients need three points.</summary>
    public const int MinimumCoreCounts = 3;

    private const int MaxIterations = 200;

    /// <summary>Fits the law to <paramref name="points"/> (several points per core count are fine).</summary>
    /// <exception cref="ArgumentException">
    /// Fewer than <see cref="MinimumCoreCounts"/> distinct core counts, or a non-positive core count or throughput.
    /// </exception>
    public static UslFit Fit(IReadOnlyList<(int Cores, double Throughput)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Any(p => p.Cores < 1 || !(p.Throughput > 0) || !double.IsFinite(p.Throughput)))
        {
            throw new ArgumentException("Core counts must be at least 1 and throughputs positive and finite.", nameof(points));
        }

        int[] coreCounts = [.. points.Select(p => p.Cores).Distinct().Order()];
        if (coreCounts.Length < MinimumCoreCounts)
        {
            throw new ArgumentException(
                $"A USL fit needs at least {MinimumCoreCounts} distinct core counts, got {coreCounts.Length}.", nameof(points));
        }

        double[] n = [.. points.Select(p => (double)p.Cores)];
        double[] y = [.. points.Select(p => p.Throughput)];

        double[] best = GridSearch(n, y);
        double[] fitted = LevenbergMarquardt(n, y, best);
        var model = new UslModel(fitted[0], fitted[1], fitted[2]);
        return new UslFit(model, coreCounts, Math.Sqrt(Cost(n, y, fitted) / n.Length));
    }

    /// <summary>Stage 1: the (λ, σ, κ) of least cost over the σ × κ grid, λ solved in closed form.</summary>
    private static double[] GridSearch(double[] n, double[] y)
    {
        double[] sigmas = [0, .. LogSpace(1e-4, 1, 41)];
        double[] kappas = [0, .. LogSpace(1e-7, 1, 57)];
        double[] best = [0, 0, 0];
        double bestCost = double.PositiveInfinity;
        foreach (double sigma in sigmas)
        {
            foreach (double kappa in kappas)
            {
                double[] p = [BestLambda(n, y, sigma, kappa), sigma, kappa];
                double cost = Cost(n, y, p);
                if (cost < bestCost)
                {
                    bestCost = cost;
                    best = p;
                }
            }
        }

        return best;
    }

    /// <summary>
    /// For fixed σ, κ the residuals are <c>λ·aᵢ − 1</c> with <c>aᵢ = Nᵢ / (Dᵢ·yᵢ)</c>, minimised at
    /// <c>λ = Σaᵢ / Σaᵢ²</c>.
    /// </summary>
    private static double BestLambda(double[] n, double[] y, double sigma, double kappa)
    {
        var shape = new UslModel(1, sigma, kappa);
        double sumA = 0, sumA2 = 0;
        for (int i = 0; i < n.Length; i++)
        {
            double a = shape.Throughput(n[i]) / y[i];
            sumA += a;
            sumA2 += a * a;
        }

        return sumA / sumA2;
    }

    /// <summary>Stage 2: projected Levenberg–Marquardt from <paramref name="start"/>; returns the refined (λ, σ, κ).</summary>
    private static double[] LevenbergMarquardt(double[] n, double[] y, double[] start)
    {
        double[] p = [.. start];
        double cost = Cost(n, y, p);
        double damping = 1e-3;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            // Normal equations of the linearised problem: A = JᵀJ, g = Jᵀr.
            double[,] a = new double[3, 3];
            double[] g = new double[3];
            var model = new UslModel(p[0], p[1], p[2]);
            for (int i = 0; i < n.Length; i++)
            {
                double r = (model.Throughput(n[i]) / y[i]) - 1;
                double[] j = Gradient(model, n[i], y[i]);
                for (int row = 0; row < 3; row++)
                {
                    g[row] += j[row] * r;
                    for (int col = 0; col < 3; col++)
                    {
                        a[row, col] += j[row] * j[col];
                    }
                }
            }

            // Raise the damping (shorter, more gradient-like steps) until a step lowers the cost. When even a tiny
            // step cannot, or the gain has become negligible, p is a (bounded) minimum.
            bool accepted = false;
            while (!accepted && damping < 1e12)
            {
                double[,] damped = (double[,])a.Clone();
                for (int d = 0; d < 3; d++)
                {
                    damped[d, d] += damping * Math.Max(a[d, d], 1e-300);
                }

                double[]? step = Solve(damped, [-g[0], -g[1], -g[2]]);
                double[] trial = step is null
                    ? p
                    : [Math.Max(p[0] + step[0], 0), Math.Max(p[1] + step[1], 0), Math.Max(p[2] + step[2], 0)];
                double trialCost = Cost(n, y, trial);
                if (trialCost < cost)
                {
                    double gain = cost - trialCost;
                    p = trial;
                    cost = trialCost;
                    damping = Math.Max(damping / 10, 1e-12);
                    if (gain <= 1e-15 * cost)
                    {
                        return p;
                    }

                    accepted = true;
                }
                else
                {
                    damping *= 10;
                }
            }

            if (!accepted)
            {
                return p;
            }
        }

        return p;
    }

    /// <summary>∂rᵢ/∂(λ, σ, κ) for the relative residual <c>rᵢ = X(Nᵢ)/yᵢ − 1</c>.</summary>
    private static double[] Gradient(UslModel model, double cores, double measured)
    {
        double d = model.Denominator(cores);
        double common = model.Lambda * cores / (d * d * measured);
        return
        [
            cores / (d * measured),
            -common * (cores - 1),
            -common * cores * (cores - 1),
        ];
    }

    /// <summary>Σ (X(Nᵢ)/yᵢ − 1)².</summary>
    private static double Cost(double[] n, double[] y, double[] p)
    {
        var model = new UslModel(p[0], p[1], p[2]);
        double sum = 0;
        for (int i = 0; i < n.Length; i++)
        {
            double r = (model.Throughput(n[i]) / y[i]) - 1;
            sum += r * r;
        }

        return sum;
    }

    /// <summary>Solves the 3×3 system by Gaussian elimination with partial pivoting; null when singular.</summary>
    private static double[]? Solve(double[,] a, double[] b)
    {
        const int Size = 3;
        for (int col = 0; col < Size; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < Size; row++)
            {
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (!(Math.Abs(a[pivot, col]) > 1e-300))
            {
                return null;
            }

            if (pivot != col)
            {
                for (int k = 0; k < Size; k++)
                {
                    (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
                }

                (b[col], b[pivot]) = (b[pivot], b[col]);
            }

            for (int row = col + 1; row < Size; row++)
            {
                double factor = a[row, col] / a[col, col];
                for (int k = col; k < Size; k++)
                {
                    a[row, k] -= factor * a[col, k];
                }

                b[row] -= factor * b[col];
            }
        }

        double[] x = new double[Size];
        for (int row = Size - 1; row >= 0; row--)
        {
            double sum = b[row];
            for (int k = row + 1; k < Size; k++)
            {
                sum -= a[row, k] * x[k];
            }

            x[row] = sum / a[row, row];
        }

        return x;
    }

    private static IEnumerable<double> LogSpace(double from, double to, int count)
    {
        double logFrom = Math.Log(from), logTo = Math.Log(to);
        for (int i = 0; i < count; i++)
        {
            yield return Math.Exp(logFrom + ((logTo - logFrom) * i / (count - 1)));
        }
    }
}
