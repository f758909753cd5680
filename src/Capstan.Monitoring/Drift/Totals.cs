namespace Capstan.Monitoring.Drift;

/// <summary>Sums of counts and shares, shared by the statistics that normalise their inputs.</summary>
internal static class Totals
{
    public static double Sum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
            sum += value;
        return sum;
    }
}
