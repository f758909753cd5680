using Microsoft.ML.Data;

namespace Capstan.Testing.Models;

/// <summary>One row of the schema <see cref="TestModels.MixedInputsMlNet"/> was trained and saved with, for building rows to compare against ML.NET in process.</summary>
/// <remarks>
/// ML.NET reads the <see cref="Category"/> key field as a 0-based index of its 5 values and stores it plus one, 0 in
/// a key column meaning missing; a request to Capstan carries the stored value.
/// </remarks>
public sealed class MixedInputRow
{
    /// <summary>An id the model does not read (INT64).</summary>
    public long Id { get; init; }

    /// <summary>Free text, featurised into <c>CommentFeatures</c>.</summary>
    public string Comment { get; init; } = "";

    /// <summary>A flag, converted to the FP32 <c>FlagValue</c>.</summary>
    public bool Flag { get; init; }

    /// <summary>An amount (FP32).</summary>
    public float Amount { get; init; }

    /// <summary>A count, converted to the FP32 <c>CountValue</c>.</summary>
    public int Count { get; init; }

    /// <summary>A key of 5 values, one-hot encoded into <c>CategoryVector</c>.</summary>
    [KeyType(5)] public uint Category { get; init; }

    /// <summary>Four readings (an FP32 vector of known size).</summary>
    [VectorType(4)] public float[] Readings { get; init; } = [];

    /// <summary>Extra values the model does not read (an FP32 vector of variable size).</summary>
    public float[] Extras { get; init; } = [];

    /// <summary>The label the model trained on and does not need to predict.</summary>
    public bool Label { get; init; }
}
