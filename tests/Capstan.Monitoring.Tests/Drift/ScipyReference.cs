using System.Text.Json;

namespace Capstan.Monitoring.Tests.Drift;

/// <summary>The samples and SciPy's values in <c>reference/reference.json</c>, written by <c>reference/make_reference.py</c>.</summary>
internal static class ScipyReference
{
    public const double Tolerance = 1e-6;

    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Drift", "reference", "reference.json"))).RootElement);

    public static IEnumerable<JsonElement> Numeric => Root.Value.GetProperty("numeric").EnumerateArray();

    public static IEnumerable<JsonElement> Categorical => Root.Value.GetProperty("categorical").EnumerateArray();

    public static IEnumerable<JsonElement> ZTests => Root.Value.GetProperty("zTest").EnumerateArray();

    public static double[] Doubles(this JsonElement element, string name) =>
        element.GetProperty(name).EnumerateArray().Select(value => value.GetDouble()).ToArray();

    public static double[] Sorted(this JsonElement element, string name)
    {
        var values = element.Doubles(name);
        Array.Sort(values);
        return values;
    }

    public static double Number(this JsonElement element, string name) => element.GetProperty(name).GetDouble();

    public static void Agrees(double expected, double actual, JsonElement testCase, string statistic) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance,
            $"{statistic} on '{testCase.GetProperty("name").GetString()}': SciPy {expected:R}, Capstan {actual:R}");
}
