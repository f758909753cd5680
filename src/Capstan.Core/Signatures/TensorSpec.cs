namespace Capstan.Core.Signatures;

/// <summary>The name, element type and shape of one model input or output.</summary>
/// <param name="Name">The input or output name as the model declares it.</param>
/// <param name="DataType">The element type.</param>
/// <param name="Shape">The dimensions, with -1 for a variable one (the batch dimension first where there is one).</param>
public sealed record TensorSpec(string Name, TensorDataType DataType, IReadOnlyList<long> Shape)
{
    /// <inheritdoc />
    public bool Equals(TensorSpec? other) =>
        other is not null && Name == other.Name && DataType == other.DataType && Shape.SequenceEqual(other.Shape);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, DataType, Shape.Count);

    /// <inheritdoc />
    public override string ToString() => $"{Name} {DataType} [{string.Join(",", Shape)}]";
}
