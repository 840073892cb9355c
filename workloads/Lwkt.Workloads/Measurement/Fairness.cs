namespace Lwkt.Workloads.Measurement;

/// <summary>Fairness of per-thread op counts (lockhammer, locktorture's max/min, Jain's index).</summary>
internal static class Fairness
{
    /// <summary>Jain's index (Σx)² / (n·Σx²): 1 when all equal, 1/n when one thread did everything; 1 for no ops.</summary>
    public static double Jain(IReadOnlyList<long> counts)
    {
        double sum = 0;
        double squares = 0;
        foreach (long count in counts)
        {
            sum += count;
            squares += (double)count * count;
        }

        return squares == 0 ? 1.0 : sum * sum / (counts.Count * squares);
    }

    /// <summary>max / min; infinity when some thread did none while another did some; 1 for no ops.</summary>
    public static double MaxOverMin(IReadOnlyList<long> counts)
    {
        if (counts.Count == 0)
        {
            return 1.0;
        }

        long max = counts.Max();
        long min = counts.Min();
        if (max == 0)
        {
            return 1.0;
        }

        return min == 0 ? double.PositiveInfinity : (double)max / min;
    }
}
