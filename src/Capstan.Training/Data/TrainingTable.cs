using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Capstan.Training.Pipelines;

namespace Capstan.Training.Data;

/// <summary>The rows a pipeline's source returned, read into the column types its spec declares, in the source's order.</summary>
/// <remarks>Immutable once built: the arrays are owned by the table and never written after <see cref="TableBuilder"/> hands it over; safe to read from many threads.</remarks>
public sealed class TrainingTable
{
    private readonly Lazy<string> _fingerprint;

    internal TrainingTable(ColumnsSpec columns, TrainingTask task, IReadOnlyList<string> sourceColumns, IReadOnlyList<FeatureColumn> features,
        bool[]? binaryLabels, string[]? classLabels, float[]? numericLabels, float[]? weights, DateTime[]? times)
    {
        Columns = columns;
        Task = task;
        SourceColumns = sourceColumns;
        Features = features;
        BinaryLabels = binaryLabels;
        ClassLabels = classLabels;
        NumericLabels = numericLabels;
        Weights = weights;
        Times = times;
        RowCount = binaryLabels?.Length ?? classLabels?.Length ?? numericLabels!.Length;
        _fingerprint = new(ComputeFingerprint);
    }

    /// <summary>The column roles the table was read with.</summary>
    public ColumnsSpec Columns { get; }

    /// <summary>The task, which decides the label's type.</summary>
    public TrainingTask Task { get; }

    /// <summary>Every column the source had, in its order, declared or not.</summary>
    public IReadOnlyList<string> SourceColumns { get; }

    /// <summary>How many rows the table holds.</summary>
    public int RowCount { get; }

    /// <summary>The feature columns, in the spec's order.</summary>
    public IReadOnlyList<FeatureColumn> Features { get; }

    /// <summary>For a binary task: whether each row is positive; otherwise null.</summary>
    public bool[]? BinaryLabels { get; }

    /// <summary>For a multiclass task: each row's class; otherwise null.</summary>
    public string[]? ClassLabels { get; }

    /// <summary>For a regression task: each row's target; otherwise null.</summary>
    public float[]? NumericLabels { get; }

    /// <summary>Each row's weight when the spec names a weight column; otherwise null.</summary>
    public float[]? Weights { get; }

    /// <summary>Each row's time (UTC) when the spec names a time column; otherwise null.</summary>
    public DateTime[]? Times { get; }

    /// <summary>The SHA-256 of the rows in a canonical form, as <c>sha256:&lt;hex&gt;</c>.</summary>
    /// <remarks>
    /// The same values give the same fingerprint whichever source they came from (CSV, Parquet, SQLite, PostgreSQL):
    /// it hashes the declared columns' names and types, then every row's typed values (FP32 bits, UTF-8 text with its
    /// length, UTC ticks), not the source's bytes. Columns the spec does not name do not count.
    /// </remarks>
    public string Fingerprint => _fingerprint.Value;

    /// <summary>The class of each row as text, for any classification task: the class name, or "true"/"false" for binary.</summary>
    public IReadOnlyList<string> ClassOf() => ClassLabels ?? (IReadOnlyList<string>?)BinaryLabels?.Select(b => b ? "true" : "false").ToArray() ?? [];

    private string ComputeFingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var scratch = new byte[8];
        void Text(string? text)
        {
            if (text is null)
            {
                BinaryPrimitives.WriteInt32LittleEndian(scratch, -1);
                hash.AppendData(scratch, 0, 4);
                return;
            }
            var bytes = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteInt32LittleEndian(scratch, bytes.Length);
            hash.AppendData(scratch, 0, 4);
            hash.AppendData(bytes);
        }
        void Number(float value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(scratch, float.IsNaN(value) ? int.MinValue : BitConverter.SingleToInt32Bits(value == 0 ? 0f : value));
            hash.AppendData(scratch, 0, 4);
        }
        Text(Task.ToString());
        foreach (var feature in Features)
        {
            Text(feature.Spec.Name);
            Text(feature.Spec.Type.ToString());
        }
        Text(Columns.Label.Name);
        Text(Columns.Label.Positive);
        Text(Columns.Weight);
        Text(Columns.Time);
        for (var row = 0; row < RowCount; row++)
        {
            foreach (var feature in Features)
            {
                if (feature.Numbers is { } numbers)
                    Number(numbers[row]);
                else
                    Text(feature.Texts![row]);
            }
            if (BinaryLabels is { } binary)
                hash.AppendData(binary[row] ? [1] : [0]);
            else if (ClassLabels is { } classes)
                Text(classes[row]);
            else
                Number(NumericLabels![row]);
            if (Weights is { } weights)
                Number(weights[row]);
            if (Times is { } times)
            {
                BinaryPrimitives.WriteInt64LittleEndian(scratch, times[row].Ticks);
                hash.AppendData(scratch);
            }
        }
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
