namespace Capstan.Core.Tensors;

/// <summary>The ways a tensor's binary data can fail to match its datatype and shape.</summary>
public enum BinaryDataFaultKind
{
    /// <summary>Nothing is wrong.</summary>
    None,

    /// <summary>The length is not the shape's element count times the element size.</summary>
    SizeMismatch,

    /// <summary>A BOOL element is a byte other than 0 or 1.</summary>
    NotABoolean,

    /// <summary>The bytes cannot hold the 4-byte lengths of the shape's BYTES elements.</summary>
    TooFewBytesForTexts,

    /// <summary>A BYTES element's length is missing or runs past the end.</summary>
    TextPastEnd,

    /// <summary>Bytes are left after the last BYTES element.</summary>
    BytesLeftOver,
}
