using System.Globalization;

namespace Capstan.Server.Tests.Telemetry;

/// <summary>Reads samples out of a Prometheus text exposition, for asserting on series by name and labels.</summary>
public static class PrometheusText
{
    /// <summary>The values of the samples named <paramref name="name"/> that carry every one of <paramref name="labels"/>.</summary>
    public static IReadOnlyList<double> Values(string body, string name, params (string Name, string Value)[] labels) =>
        [.. body.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(line => labels.All(l => line.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Select(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))];
}
