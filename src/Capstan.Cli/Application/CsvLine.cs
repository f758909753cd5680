using System.Text;
using Capstan.Core.Errors;

namespace Capstan.Cli.Application;

/// <summary>One field of a CSV line: its text, unquoted, and whether it was quoted.</summary>
/// <param name="Text">The field's text, with a doubled quote inside a quoted field read as one.</param>
/// <param name="Quoted">Whether the field was written in quotes.</param>
internal readonly record struct CsvField(string Text, bool Quoted);

/// <summary>Reads and writes lines of a CSV file: fields separated by commas, optionally quoted with <c>"</c>, a quote inside a quoted field doubled.</summary>
internal static class CsvLine
{
    /// <summary>A field as written in a line: quoted, with quotes doubled, when it holds a comma, a quote or a line break.</summary>
    public static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>The fields of <paramref name="line"/>, or what is wrong with its quoting.</summary>
    public static Result<List<CsvField>> Split(string line)
    {
        var fields = new List<CsvField>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            var quoted = i < line.Length && line[i] == '"';
            if (quoted)
            {
                i++;
                while (true)
                {
                    if (i == line.Length)
                        return Error.InvalidInput("a quoted field has no closing quote.");
                    if (line[i] == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                    }
                    else if (line[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                        field.Append(line[i++]);
                }
                if (i < line.Length && line[i] != ',')
                    return Error.InvalidInput($"a quoted field is followed by '{line[i]}' instead of a comma.");
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                    field.Append(line[i++]);
            }
            fields.Add(new CsvField(field.ToString(), quoted));
            if (i == line.Length)
                return fields;
            i++;
        }
    }
}
