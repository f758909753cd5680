namespace Capstan.Server.Inference.Rest;

/// <summary>Why a JSON value cannot be an element of a tensor of some type.</summary>
internal enum ElementProblem
{
    /// <summary>The value fits.</summary>
    None,

    /// <summary>The value is of another JSON kind, such as a string in numeric data.</summary>
    WrongKind,

    /// <summary>A number with a fraction or an exponent where an integer type needs an integer.</summary>
    NotAnInteger,

    /// <summary>A number outside the range of the element type.</summary>
    OutOfRange,

    /// <summary>A string whose text is not valid UTF-8.</summary>
    InvalidUtf8,
}
