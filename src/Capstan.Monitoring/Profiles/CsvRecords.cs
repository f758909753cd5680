using System.Text;
using Capstan.Core.Errors;

namespace Capstan.Monitoring.Profiles;

/// <summary>Reads the records of CSV text as RFC 4180 writes them: fields separated by commas, quoted with <c>"</c> when they hold commas, quotes or line breaks.</summary>
/// <remarks>
/// Lines end with LF, CRLF or CR; blank lines are skipped. A field that starts with a quote runs to the closing quote,
/// with <c>""</c> standing for one quote inside. A NUL character means the file is not text. Mutable; one reader per file.
/// </remarks>
/// <param name="reader">The text, read once from its current position.</param>
internal sealed class CsvRecords(TextReader reader)
{
    private readonly StringBuilder _field = new();
    private int _line = 1;

    /// <summary>The line the last record read started on, from 1.</summary>
    public int Line { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the text, or an error when the text is not CSV.</summary>
    public Result<bool> Read(List<string> fields)
    {
        fields.Clear();
        int c;
        while ((c = reader.Read()) is '\r' or '\n')
            EndLine(c);
        if (c < 0)
            return false;
        Line = _line;
        while (true)
        {
            _field.Clear();
            if (c == '"')
            {
                if (ReadQuoted() is { } error)
                    return error;
                c = reader.Read();
                if (c is >= 0 and not (',' or '\r' or '\n'))
                    return Error.InvalidInput($"Line {_line} of the file has text after the closing quote of a field.");
            }
            else
            {
                while (c >= 0 && c is not (',' or '\r' or '\n'))
                {
                    if (c == 0)
                        return NotText();
                    _field.Append((char)c);
                    c = reader.Read();
                }
            }
            fields.Add(_field.ToString());
            if (c == ',')
            {
                c = reader.Read();
                continue;
            }
            if (c >= 0)
                EndLine(c);
            return true;
        }
    }

    private Error? ReadQuoted()
    {
        var start = _line;
        while (true)
        {
            var c = reader.Read();
            switch (c)
            {
                case < 0:
                    return Error.InvalidInput($"The quoted field that starts on line {start} of the file is never closed.");
                case 0:
                    return NotText();
                case '"' when reader.Peek() == '"':
                    reader.Read();
                    _field.Append('"');
                    break;
                case '"':
                    return null;
                case '\n':
                    _line++;
                    _field.Append('\n');
                    break;
                default:
                    _field.Append((char)c);
                    break;
            }
        }
    }

    private void EndLine(int c)
    {
        if (c == '\r' && reader.Peek() == '\n')
            reader.Read();
        _line++;
    }

    private Error NotText() =>
        Error.InvalidInput($"The file is not CSV text: line {_line} holds a NUL byte. Send CSV as text/csv, or Parquet as application/vnd.apache.parquet.");
}
