using Capstan.Monitoring.Profiles;

namespace Capstan.Monitoring.Tests.Profiles;

public sealed class CsvRecordsTests
{
    private static (List<List<string>> Records, List<int> Lines, string? Error) Read(string text)
    {
        var records = new CsvRecords(new StringReader(text));
        var all = new List<List<string>>();
        var lines = new List<int>();
        var fields = new List<string>();
        while (true)
        {
            var read = records.Read(fields);
            if (!read.TryGetValue(out var more, out var error))
                return (all, lines, error.Message);
            if (!more)
                return (all, lines, null);
            all.Add([.. fields]);
            lines.Add(records.Line);
        }
    }

    [Fact]
    public void Read_SplitsFieldsAndLinesWhateverTheLineEnding()
    {
        var (records, lines, error) = Read("a,b\r\n1,2\n3,\r4,5");

        Assert.Null(error);
        Assert.Equal([["a", "b"], ["1", "2"], ["3", ""], ["4", "5"]], records);
        Assert.Equal([1, 2, 3, 4], lines);
    }

    [Fact]
    public void Read_KeepsCommasQuotesAndLineBreaksInsideQuotedFields_AndCountsTheirLines()
    {
        var (records, lines, error) = Read("name,note\n\"Smith, J\",\"said \"\"hi\"\"\nthen left\"\nlast,\"\"\n");

        Assert.Null(error);
        Assert.Equal([["name", "note"], ["Smith, J", "said \"hi\"\nthen left"], ["last", ""]], records);
        Assert.Equal([1, 2, 4], lines);
    }

    [Fact]
    public void Read_SkipsBlankLines()
    {
        var (records, lines, _) = Read("a\n\n\n1\n\n");

        Assert.Equal([["a"], ["1"]], records);
        Assert.Equal([1, 4], lines);
    }

    [Theory]
    [InlineData("a,b\n\"1,2", "The quoted field that starts on line 2 of the file is never closed.")]
    [InlineData("a,b\n\"1\"x,2", "Line 2 of the file has text after the closing quote of a field.")]
    [InlineData("a,b\n1,\0", "The file is not CSV text: line 2 holds a NUL byte.")]
    public void Read_RefusesTextThatIsNotCsv(string text, string expected)
    {
        var (_, _, error) = Read(text);

        Assert.StartsWith(expected, error);
    }
}
