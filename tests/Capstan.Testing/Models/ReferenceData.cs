using System.Globalization;
using System.Text;
using Capstan.Training.Datasets;
using Parquet;
using Parquet.Schema;

namespace Capstan.Testing.Models;

/// <summary>Reference data files for profiles: the breast cancer data set as CSV and Parquet with scikit-learn's feature names, and rows shifted from it.</summary>
public static class ReferenceData
{
    /// <summary>The 30 breast cancer feature names, as scikit-learn names them, in column order.</summary>
    public static IReadOnlyList<string> BreastCancerFeatures { get; } =
    [
        "mean radius", "mean texture", "mean perimeter", "mean area", "mean smoothness", "mean compactness", "mean concavity",
        "mean concave points", "mean symmetry", "mean fractal dimension", "radius error", "texture error", "perimeter error",
        "area error", "smoothness error", "compactness error", "concavity error", "concave points error", "symmetry error",
        "fractal dimension error", "worst radius", "worst texture", "worst perimeter", "worst area", "worst smoothness",
        "worst compactness", "worst concavity", "worst concave points", "worst symmetry", "worst fractal dimension",
    ];

    /// <summary>The feature rows of the whole breast cancer data set (569 rows of 30 values).</summary>
    public static IReadOnlyList<float[]> BreastCancerRows { get; } = BreastCancerDataset.Load().Samples.Select(s => s.Features).ToList();

    /// <summary><paramref name="count"/> rows drawn with replacement from the data set with a seed: the same distribution, other rows.</summary>
    public static IReadOnlyList<float[]> Resample(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => BreastCancerRows[random.Next(BreastCancerRows.Count)]).ToList();
    }

    /// <summary>The rows with every value multiplied by <paramref name="factor"/>: a shifted distribution.</summary>
    public static IReadOnlyList<float[]> Scaled(IReadOnlyList<float[]> rows, float factor) => rows.Select(r => r.Select(v => v * factor).ToArray()).ToList();

    /// <summary>Writes <paramref name="rows"/> as CSV with <paramref name="header"/> (the breast cancer names by default) to <paramref name="path"/>.</summary>
    public static string WriteCsv(string path, IEnumerable<float[]> rows, IReadOnlyList<string>? header = null)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', (header ?? BreastCancerFeatures).Select(Quote)).Append('\n');
        foreach (var row in rows)
            csv.AppendJoin(',', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    /// <summary>Writes <paramref name="rows"/> as Parquet, one FP32 column per breast cancer feature, in two row groups.</summary>
    public static async Task<string> WriteParquetAsync(string path, IReadOnlyList<float[]> rows)
    {
        var fields = BreastCancerFeatures.Select(name => new DataField<float>(name)).ToArray();
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file);
        var half = rows.Count / 2;
        foreach (var (start, count) in new[] { (0, half), (half, rows.Count - half) })
        {
            using var group = writer.CreateRowGroup();
            for (var f = 0; f < fields.Length; f++)
                await group.WriteAsync<float>(fields[f], rows.Skip(start).Take(count).Select(r => r[f]).ToArray());
        }
        return path;
    }

    /// <summary>A V2 inference body with <paramref name="rows"/> as one FP32 <c>Features</c> tensor.</summary>
    public static string InferBody(IReadOnlyList<float[]> rows) =>
        $$"""{"inputs": [{"name": "Features", "shape": [{{rows.Count}}, 30], "datatype": "FP32", "data": [{{string.Join(",", rows.SelectMany(r => r).Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}]}]}""";

    private static string Quote(string field) => field.Contains(',') || field.Contains('"') ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
