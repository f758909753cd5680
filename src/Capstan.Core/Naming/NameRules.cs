using Capstan.Core.Errors;

namespace Capstan.Core.Naming;

/// <summary>The closed character set shared by model names, aliases and metadata keys.</summary>
/// <remarks>
/// A name is 1 to 128 ASCII letters, digits, '-', '_' or '.', and does not start with '.'.
/// The set is checked character by character in ASCII, so traversal ('..', '/', '\'), percent-encoding,
/// whitespace, control characters and Unicode look-alikes are all refused before a name reaches any store.
/// </remarks>
public static class NameRules
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>Checks <paramref name="value"/> against the rules and names <paramref name="what"/> in the error.</summary>
    public static Result<string> Check(string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
            return Error.InvalidInput($"The {what} is empty.");
        if (value.Length > MaxLength)
            return Error.InvalidInput($"The {what} is {value.Length} characters long; at most {MaxLength} are allowed.");
        if (value[0] == '.')
            return Error.InvalidInput($"The {what} '{Printable(value)}' starts with '.'.");
        foreach (var c in value)
        {
            if (!IsAllowed(c))
                return Error.InvalidInput(
                    $"The {what} '{Printable(value)}' contains {Describe(c)}; only ASCII letters, digits, '-', '_' and '.' are allowed.");
        }
        return value;
    }

    /// <summary>Whether <paramref name="c"/> belongs to the name character set.</summary>
    public static bool IsAllowed(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.';

    /// <summary>Renders a refused value so that control characters and invisible ones show as escapes.</summary>
    public static string Printable(string value)
    {
        var builder = new System.Text.StringBuilder(Math.Min(value.Length, MaxLength + 3));
        foreach (var c in value.Length > MaxLength ? value[..MaxLength] : value)
            builder.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}");
        if (value.Length > MaxLength)
            builder.Append("...");
        return builder.ToString();
    }

    private static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '/' or '\\' => $"a path separator '{c}'",
        '%' => "a percent sign (URL-encoding is not decoded)",
        _ when c < ' ' || c == '\u007F' => $"the control character \\u{(int)c:X4}",
        _ when c > '~' => $"the non-ASCII character \\u{(int)c:X4}",
        _ => $"the character '{c}'",
    };
}
