namespace Capstan.Core.Tensors;

/// <summary>One value of an inference request's or response's <c>parameters</c>: a boolean, an integer, a number or a string.</summary>
/// <param name="Value">The value: <see cref="bool"/>, <see cref="long"/>, <see cref="double"/> or <see cref="string"/>.</param>
public readonly record struct InferenceParameter(object Value)
{
    /// <summary>Wraps a boolean.</summary>
    public static implicit operator InferenceParameter(bool value) => new(value);

    /// <summary>Wraps an integer.</summary>
    public static implicit operator InferenceParameter(long value) => new(value);

    /// <summary>Wraps a number.</summary>
    public static implicit operator InferenceParameter(double value) => new(value);

    /// <summary>Wraps a string.</summary>
    public static implicit operator InferenceParameter(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString() ?? "";
}
