using System.Text;
using Capstan.Core.Errors;

namespace Capstan.Training.Data;

/// <summary>Reads CSV (RFC 4180: comma separated, fields optionally in double quotes with "" for a quote, line breaks inside quotes) one record at a time.</summary>
/// <remarks>A mutable reader over one stream; a field longer than the limit, an unclosed quote or text after a closing quote is an error naming the line.</remarks>
internal sealed class CsvRows(TextReader reader, int maxFieldLength)
{
    private readonly StringBuilder _field = new();

    /// <summary>The line the last record started on, 1-based.</summary>
    public int Line { get; private set; }

    private int _nextLine = 1;

    /// <summary>Reads the next record, or null at the end; an error for malformed CSV.</summary>
    public Result<List<string>?> Next()
    {
        Line = _nextLine;
        if (reader.Peek() < 0)
            return (List<string>?)null;
        var fields = new List<string>();
        _field.Clear();
        var quoted = false;
        var afterQuote = false;
        while (true)
        {
            var c = reader.Read();
            if (quoted)
            {
                if (c < 0)
                    return Error.InvalidInput($"line {Line}: a quoted field is not closed before the end of the file.");
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                    continue;
                }
                if (c == '\n')
                    _nextLine++;
                _field.Append((char)c);
            }
            else if (c is ',' or '\n' or '\r' or < 0)
            {
                fields.Add(_field.ToString());
                _field.Clear();
                afterQuote = false;
                if (c == ',')
                    continue;
                if (c == '\r' && reader.Peek() == '\n')
                    reader.Read();
                _nextLine++;
                return fields;
            }
            else if (afterQuote)
                return Error.InvalidInput($"line {_nextLine}: text follows the closing quote of a field.");
            else if (c == '"' && _field.Length == 0)
                quoted = true;
            else
                _field.Append((char)c);
            if (_field.Length > maxFieldLength)
                return Error.TooLarge($"line {_nextLine}: a field is longer than {maxFieldLength} characters (TrainingOptions:MaxFieldLength).");
        }
    }
}
