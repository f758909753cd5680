using Capstan.Training.Datasets;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Testing.Models;

/// <summary>Trains the small ML.NET models whose signatures exercise the inspector and the runtimes: mixed column types, every column type, scalar ONNX inputs, a DateTime column.</summary>
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
            return new MixedInputRow
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
        var model = ml.Transforms.Text.FeaturizeText("CommentFeatures", nameof(MixedInputRow.Comment))
            .Append(ml.Transforms.Conversion.ConvertType(
                [new InputOutputColumnPair("FlagValue", nameof(MixedInputRow.Flag)), new InputOutputColumnPair("CountValue", nameof(MixedInputRow.Count))],
                DataKind.Single))
            .Append(ml.Transforms.Conversion.MapKeyToVector("CategoryVector", nameof(MixedInputRow.Category)))
            .Append(ml.Transforms.Concatenate("Features",
                nameof(MixedInputRow.Amount), "CountValue", "FlagValue", "CategoryVector", nameof(MixedInputRow.Readings), "CommentFeatures"))
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 10, minimumExampleCountPerLeaf: 5))
            .Fit(data);
        ml.Model.Save(model, data.Schema, path);
    }

    /// <summary>Writes a model that copies each input column of <see cref="EveryTypeRow"/> to an output named after it with "Copy" appended.</summary>
    public static void WriteEveryColumnTypeMlNet(string path)
    {
        var ml = new MLContext(Seed);
        var rows = Enumerable.Range(0, 3).Select(i => new EveryTypeRow
        {
            Bool = i % 2 == 0, UInt8 = (byte)i, UInt16 = (ushort)i, UInt32 = (uint)i, UInt64 = (ulong)i, Int8 = (sbyte)i,
            Int16 = (short)i, Int32 = i, Int64 = i, Fp32 = i, Fp64 = i, Text = $"row {i}", Key = (uint)i + 1,
            BoolVector = [true, false], UInt8Vector = [1, 2], UInt16Vector = [1, 2], UInt32Vector = [1, 2], UInt64Vector = [1, 2],
            Int8Vector = [1, 2], Int16Vector = [1, 2], Int32Vector = [1, 2], Int64Vector = [1, 2], Fp32Vector = [1, 2],
            Fp64Vector = [1, 2], TextVector = ["a", "b"], KeyVector = [1, 2], Fp32Variable = new float[i],
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        IEstimator<ITransformer> copies = new EstimatorChain<ITransformer>();
        foreach (var column in data.Schema)
            copies = copies.Append(ml.Transforms.CopyColumns(column.Name + "Copy", column.Name));
        ml.Model.Save(copies.Fit(data), data.Schema, path);
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

    private sealed class EveryTypeRow
    {
        public bool Bool { get; init; }
        public byte UInt8 { get; init; }
        public ushort UInt16 { get; init; }
        public uint UInt32 { get; init; }
        public ulong UInt64 { get; init; }
        public sbyte Int8 { get; init; }
        public short Int16 { get; init; }
        public int Int32 { get; init; }
        public long Int64 { get; init; }
        public float Fp32 { get; init; }
        public double Fp64 { get; init; }
        public string Text { get; init; } = "";
        [KeyType(10)] public uint Key { get; init; }
        [VectorType(2)] public bool[] BoolVector { get; init; } = [];
        [VectorType(2)] public byte[] UInt8Vector { get; init; } = [];
        [VectorType(2)] public ushort[] UInt16Vector { get; init; } = [];
        [VectorType(2)] public uint[] UInt32Vector { get; init; } = [];
        [VectorType(2)] public ulong[] UInt64Vector { get; init; } = [];
        [VectorType(2)] public sbyte[] Int8Vector { get; init; } = [];
        [VectorType(2)] public short[] Int16Vector { get; init; } = [];
        [VectorType(2)] public int[] Int32Vector { get; init; } = [];
        [VectorType(2)] public long[] Int64Vector { get; init; } = [];
        [VectorType(2)] public float[] Fp32Vector { get; init; } = [];
        [VectorType(2)] public double[] Fp64Vector { get; init; } = [];
        [VectorType(2)] public string[] TextVector { get; init; } = [];
        [KeyType(10), VectorType(2)] public uint[] KeyVector { get; init; } = [];
        public float[] Fp32Variable { get; init; } = [];
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
