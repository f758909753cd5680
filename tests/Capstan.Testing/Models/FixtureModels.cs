using Capstan.Training.Datasets;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Testing.Models;

/// <summary>Trains the small ML.NET models whose signatures exercise the inspector: mixed column types, scalar ONNX inputs, a DateTime column.</summary>
internal static class FixtureModels
{
    private const int Seed = 11;

    public static void WriteMixedInputsMlNet(string path)
    {
        var ml = new MLContext(Seed);
        var random = new Random(Seed);
        string[] words = ["calm", "steady", "noisy", "broken", "fine", "odd"];
        var rows = Enumerable.Range(0, 200).Select(i =>
        {
            var readings = new[] { random.NextSingle(), random.NextSingle(), random.NextSingle(), random.NextSingle() };
            var comment = $"{words[random.Next(words.Length)]} {words[random.Next(words.Length)]}";
            var flag = random.Next(2) == 1;
            var amount = random.NextSingle() * 10;
            return new MixedRow
            {
                Id = i,
                Comment = comment,
                Flag = flag,
                Amount = amount,
                Count = random.Next(100),
                Category = (uint)random.Next(1, 6),
                Readings = readings,
                Extras = new float[random.Next(3)],
                Label = amount + readings.Sum() + (flag ? 2 : 0) + (comment.Contains("broken") ? -3 : 0) > 7,
            };
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Text.FeaturizeText("CommentFeatures", nameof(MixedRow.Comment))
            .Append(ml.Transforms.Conversion.ConvertType(
                [new InputOutputColumnPair("FlagValue", nameof(MixedRow.Flag)), new InputOutputColumnPair("CountValue", nameof(MixedRow.Count))],
                DataKind.Single))
            .Append(ml.Transforms.Conversion.MapKeyToVector("CategoryVector", nameof(MixedRow.Category)))
            .Append(ml.Transforms.Concatenate("Features",
                nameof(MixedRow.Amount), "CountValue", "FlagValue", "CategoryVector", nameof(MixedRow.Readings), "CommentFeatures"))
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 10, minimumExampleCountPerLeaf: 5))
            .Fit(data);
        ml.Model.Save(model, data.Schema, path);
    }

    public static void WriteDateTimeInputMlNet(string path)
    {
        var ml = new MLContext(Seed);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var rows = BreastCancerDataset.Load().Samples
            .Select((sample, i) => new DatedRow { Features = sample.Features, MeasuredAt = start.AddDays(i), Label = sample.Label })
            .ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 10).Fit(data);
        ml.Model.Save(model, data.Schema, path);
    }

    public static void WriteWithoutInputSchema(string source, string path)
    {
        var ml = new MLContext(Seed);
        ml.Model.Save(ml.Model.Load(source, out _), null, path);
    }

    public static void WriteScalarInputsOnnx(string path)
    {
        var ml = new MLContext(Seed);
        var rows = BreastCancerDataset.Load().Samples.Select(sample => new ScalarRow
        {
            MeanRadius = sample.Features[0],
            MeanTexture = sample.Features[1],
            MeanPerimeter = sample.Features[2],
            MeanArea = sample.Features[3],
            Label = sample.Label,
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Concatenate("Features",
                nameof(ScalarRow.MeanRadius), nameof(ScalarRow.MeanTexture), nameof(ScalarRow.MeanPerimeter), nameof(ScalarRow.MeanArea))
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 10))
            .Fit(data);
        var withoutLabel = SchemaDefinition.Create(typeof(ScalarRow));
        withoutLabel.RemoveAll(column => column.MemberName == nameof(ScalarRow.Label));
        using var onnx = File.Create(path);
        ml.Model.ConvertToOnnx(model, ml.Data.LoadFromEnumerable(rows, withoutLabel), onnx);
    }

    private sealed class MixedRow
    {
        public long Id { get; init; }
        public string Comment { get; init; } = "";
        public bool Flag { get; init; }
        public float Amount { get; init; }
        public int Count { get; init; }
        [KeyType(5)] public uint Category { get; init; }
        [VectorType(4)] public float[] Readings { get; init; } = [];
        public float[] Extras { get; init; } = [];
        public bool Label { get; init; }
    }

    private sealed class DatedRow
    {
        [VectorType(30)] public float[] Features { get; init; } = [];
        public DateTime MeasuredAt { get; init; }
        public bool Label { get; init; }
    }

    private sealed class ScalarRow
    {
        public float MeanRadius { get; init; }
        public float MeanTexture { get; init; }
        public float MeanPerimeter { get; init; }
        public float MeanArea { get; init; }
        public bool Label { get; init; }
    }
}
