using System.Text.Json;

namespace Capstan.Monitoring.Tests.Performance;

/// <summary>The predictions, labels and scikit-learn's figures in <c>reference/reference.json</c>, written by <c>reference/make_reference.py</c>.</summary>
internal static class SklearnReference
{
    public const double Tolerance = 1e-6;

    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Performance", "reference", "reference.json"))).RootElement);

    public static IEnumerable<JsonElement> Binary => Root.Value.GetProperty("binary").EnumerateArray();

    public static IEnumerable<JsonElement> Multiclass => Root.Value.GetProperty("multiclass").EnumerateArray();

    public static IEnumerable<JsonElement> Names => Root.Value.GetProperty("names").EnumerateArray();

    public static IEnumerable<JsonElement> Regression => Root.Value.GetProperty("regression").EnumerateArray();

    public static int[] Ints(this JsonElement element, string name) => element.GetProperty(name).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public static double[] Doubles(this JsonElement element, string name) => element.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static string[] Strings(this JsonElement element, string name) => element.GetProperty(name).EnumerateArray().Select(v => v.ToString()).ToArray();

    public static double[][] Rows(this JsonElement element, string name) =>
        element.GetProperty(name).EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();

    public static double? Number(this JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == JsonValueKind.Null ? null : element.GetProperty(name).GetDouble();

    public static void Agrees(double? expected, double? actual, JsonElement testCase, string figure)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{figure} on '{testCase.GetProperty("name").GetString()}': scikit-learn {expected}, Capstan {actual}");
        if (expected is { } e && actual is { } a)
            Assert.True(Math.Abs(e - a) <= Tolerance, $"{figure} on '{testCase.GetProperty("name").GetString()}': scikit-learn {e:R}, Capstan {a:R}");
    }
}
