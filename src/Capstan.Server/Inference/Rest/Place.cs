using System.Globalization;

namespace Capstan.Server.Inference.Rest;

/// <summary>Where a value sits in a request body, for an error message, formatted only when a message needs it.</summary>
/// <param name="Text">Plain text, or with an index a constant composite format such as <c>The name of inputs[{0}]</c>; never text from the request.</param>
/// <param name="Index">The index of the input, output or instance that the format names, or -1 for plain text.</param>
internal readonly record struct Place(string Text, long Index = -1)
{
    /// <summary>A place given as plain text, which is never read as a format.</summary>
    public static implicit operator Place(string text) => new(text);

    /// <inheritdoc />
    public override string ToString() => Index < 0 ? Text : string.Format(CultureInfo.InvariantCulture, Text, Index);
}
