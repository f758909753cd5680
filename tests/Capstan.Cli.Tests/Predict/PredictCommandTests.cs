using System.Globalization;
using System.Text.Json;
using Capstan.Cli.Application;
using Capstan.Cli.Predict;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Serialization;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Capstan.Training.Datasets;

namespace Capstan.Cli.Tests.Predict;

public sealed class PredictCommandTests : LiveServerCommandTests
{
    private static readonly string[] ScalarColumns = ["MeanRadius", "MeanTexture", "MeanPerimeter", "MeanArea"];

    [Fact]
    public async Task Predict_RunsTheRowsOfACsvFileInChunksAsTheModelDoesInProcess()
    {
        await SucceedAsync("push", "scalar", TestModels.ScalarInputsOnnx);
        await SucceedAsync("deploy", "scalar:1");
        var rows = Rows(5).Select(features => features[..4]).ToList();
        var csv = Files.Write("rows.csv", string.Join(',', ScalarColumns) + "\n\n"
            + string.Join('\n', rows.Select(row => string.Join(',', row.Select(Text)))) + "\n");

        var json = await JsonAsync<PredictedRows>("predict", "scalar", "--input", csv, "--chunk-size", "2");
        var table = (await SucceedAsync("predict", "scalar", "--input", csv)).Output;

        Assert.Equal("scalar", json.Model);
        Assert.Equal([1, 2, 3, 4, 5], json.Predictions.Select(p => p.Row));
        Assert.All(json.Predictions, p => Assert.Equal(1, p.Version));
        Assert.Equal(ScalarProbabilitiesInProcess(rows), json.Predictions.Select(p => p.Outputs["Probability.output"].GetSingle()));
        Assert.Contains("Probability.output", table);
        Assert.Contains("Predicted 5 rows with scalar:1.", table);
    }

    [Fact]
    public async Task Predict_ReadsVectorColumnsFromJsonJsonLinesAndCsvFilesAlike()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
        await SucceedAsync("deploy", "bc:1");
        var rows = Rows(3);
        var arrays = rows.Select(row => "[" + string.Join(',', row.Select(Text)) + "]").ToList();
        var json = Files.Write("rows.json", "{\"instances\": [" + string.Join(',', arrays.Select(a => $"{{\"Features\": {a}}}")) + "]}");
        var bare = Files.Write("bare.json", "[" + string.Join(',', arrays.Select(a => $"{{\"Features\": {a}}}")) + "]");
        var lines = Files.Write("rows.jsonl", string.Join("\n\n", arrays.Select(a => $"{{\"Features\": {a}}}")));
        var csv = Files.Write("rows.csv", "Features\n" + string.Join('\n', arrays.Select(a => $"\"{a}\"")));
        var expected = InProcessOnnx.BreastCancerProbabilities(rows);

        foreach (var file in new[] { json, bare, lines, csv })
        {
            var answer = await JsonAsync<PredictedRows>("predict", "bc", "--input", file);
            Assert.Equal(expected, answer.Predictions.Select(p => p.Outputs["Probability.output"].GetSingle()));
        }
    }

    [Fact]
    public async Task Predict_SendsQuotedCellsAsTextAndUnquotedNumbersAsNumbers()
    {
        await SucceedAsync("push", "mixed", TestModels.MixedInputsMlNet);
        await SucceedAsync("deploy", "mixed:1");
        const string Header = "Comment,Flag,Amount,Count,Category,Readings\n";
        var quoted = Files.Write("quoted.csv", Header + "\"123\",true,12.5,3,2,\"[1, 2, 3, 4]\"\n\"great, value\",false,1e1,0,5,\"[0,0,0,0]\"\n");
        var unquoted = Files.Write("unquoted.csv", Header + "123,true,12.5,3,2,\"[1, 2, 3, 4]\"\n");

        var answer = await JsonAsync<PredictedRows>("predict", "mixed", "--input", quoted);
        var refused = await RunAsync("predict", "mixed", "--input", unquoted);

        Assert.Equal(2, answer.Predictions.Count);
        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("Comment", Assert.Single(refused.ErrorLines));
    }

    [Fact]
    public async Task Predict_NamesTheVersionOfEachRowWhenTrafficIsSplit()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
        await SucceedAsync("push", "bc", TestModels.SmallBreastCancer.OnnxPath);
        await SucceedAsync("deploy", "--weights", "bc:1=50,bc:2=50");
        var rows = Rows(40).Select(row => $"{{\"Features\": [{string.Join(',', row.Select(Text))}]}}");
        var input = Files.Write("rows.jsonl", string.Join('\n', rows));

        var json = await JsonAsync<PredictedRows>("predict", "bc", "--input", input, "--chunk-size", "1");
        var table = (await SucceedAsync("predict", "bc", "--input", input, "--chunk-size", "1")).Output;

        Assert.Equal([1, 2], json.Predictions.Select(p => p.Version).Distinct().Order());
        Assert.Matches(@"│ row │ version │", table);
        Assert.Matches(@"Predicted 40 rows with bc:1 \(\d+ rows?\) and bc:2 \(\d+ rows?\)\.", table);
    }

    [Fact]
    public async Task Predict_WritesCsvAndJsonLinesFilesInsteadOfATable()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
        await SucceedAsync("deploy", "bc:1");
        var rows = Rows(3);
        var input = Files.Write("rows.jsonl", string.Join('\n', rows.Select(row => $"{{\"Features\": [{string.Join(',', row.Select(Text))}]}}")));
        var expected = InProcessOnnx.BreastCancerProbabilities(rows);
        var (csv, lines) = (Files.Combine("predictions.csv"), Files.Combine("predictions.jsonl"));

        var toCsv = await SucceedAsync("predict", "bc", "--input", input, "--output", csv, "--chunk-size", "2");
        await SucceedAsync("predict", "bc", "--input", input, "--output", lines);

        Assert.Equal($"Predicted 3 rows with bc:1; wrote them to {csv}.", toCsv.Output.Trim());
        var table = File.ReadAllLines(csv).Select(line => CsvLine.Split(line).Value.ConvertAll(field => field.Text)).ToList();
        var probability = table[0].IndexOf("Probability.output");
        Assert.Equal(["row", "version"], table[0][..2]);
        Assert.Equal([["1", "1"], ["2", "1"], ["3", "1"]], table.Skip(1).Select(row => row[..2]));
        Assert.Equal(expected, table.Skip(1).Select(row => float.Parse(row[probability], CultureInfo.InvariantCulture)));
        Assert.Equal(rows[0], JsonSerializer.Deserialize<float[]>(table[1][table[0].IndexOf("Features.output")]));
        var written = File.ReadAllLines(lines).Select(line => JsonSerializer.Deserialize<Prediction>(line, CapstanJson.Options)!).ToList();
        Assert.Equal([1, 2, 3], written.Select(p => p.Row));
        Assert.Equal(expected, written.Select(p => p.Outputs["Probability.output"].GetSingle()));
        Assert.Equal(["predictions.csv", "predictions.jsonl", "rows.jsonl"], Directory.GetFiles(Files.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Predict_SaysWhyItCannotWriteTheOutputFileAndLeavesNoneBehind()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
        await SucceedAsync("deploy", "bc:1");
        var input = Files.Write("rows.jsonl", $"{{\"Features\": [{string.Join(',', Rows(1)[0].Select(Text))}]}}");
        var output = Files.Combine("missing", "predictions.csv");

        var run = await RunAsync("predict", "bc", "--input", input, "--output", output);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.StartsWith($"error: Cannot write the predictions to '{output}': ", Assert.Single(run.ErrorLines));
        Assert.False(Directory.Exists(Files.Combine("missing")));
    }

    [Fact]
    public async Task Predict_KeepsTheServersMessage_NamingTheRowsOfTheFailedRequest()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
        await SucceedAsync("deploy", "bc:1");
        var rows = Rows(3).Select(row => $"{{\"Features\": [{string.Join(',', row.Select(Text))}]}}").ToList();
        rows[2] = "{\"Features\": [1, 2]}";
        var file = Files.Write("rows.jsonl", string.Join('\n', rows));

        var unknown = await RunAsync("predict", "ghost", "--input", file);
        var wrongWidth = await RunAsync("predict", "bc", "--input", file, "--chunk-size", "2");

        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        Assert.Contains("ghost", Assert.Single(unknown.ErrorLines));
        Assert.Equal(ExitCodes.InvalidInput, wrongWidth.ExitCode);
        var line = Assert.Single(wrongWidth.ErrorLines);
        Assert.StartsWith("error: Rows 3 to 3 of the file: ", line);
        Assert.Contains("Features", line);
        Assert.DoesNotContain("Predicted", wrongWidth.Output);
    }

    public static TheoryData<string[], string?, string> BadArguments => new()
    {
        { [], null, "Give the rows to predict with --input FILE (.csv, .json or .jsonl)." },
        { ["--input", "{0}", "--chunk-size", "0"], "a\n1\n", "--chunk-size 0 is outside 1 to 100000." },
        { ["--input", "{0}", "--chunk-size", "100001"], "a\n1\n", "--chunk-size 100001 is outside 1 to 100000." },
        { ["--input", "missing.csv"], null, "The file 'missing.csv' does not exist." },
        { ["--input", "{0}", "--output", "out.txt"], "a\n1\n", "--output 'out.txt' is not a .csv or .jsonl file." },
        { ["--input", "{0}.txt"], "", "is not a .csv, .json or .jsonl file." },
        { ["--input", "{0}"], "", "rows.csv is empty; its first line must be a header of column names." },
        { ["--input", "{0}"], "a,b\n", "rows.csv has no rows." },
        { ["--input", "{0}"], "a,,b\n1,2,3\n", "rows.csv line 1: the header's column 2 has no name." },
        { ["--input", "{0}"], "a,b,a\n1,2,3\n", "rows.csv line 1: the header names the column 'a' twice." },
        { ["--input", "{0}"], "a,b\n1,2\n1,2,3\n", "rows.csv line 3: expected 2 fields, as the header has, found 3." },
        { ["--input", "{0}"], "a,b\n1,\"2\n", "rows.csv line 2: a quoted field has no closing quote." },
        { ["--input", "{0}.json"], "{\"instances\": [", "rows.json is not valid JSON:" },
        { ["--input", "{0}.json"], "{\"rows\": []}", "rows.json has no 'instances';" },
        { ["--input", "{0}.json"], "{\"instances\": {\"a\": 1}}", "rows.json: the instances are an object, not an array of row objects." },
        { ["--input", "{0}.json"], "[{\"a\": 1}, 2]", "rows.json instance 2: the row is a number, not an object of column values." },
        { ["--input", "{0}.json"], "[]", "rows.json has no rows." },
        { ["--input", "{0}.jsonl"], "{\"a\": 1}\n[1]\n", "rows.jsonl line 2: the row is an array, not an object of column values." },
        { ["--input", "{0}.jsonl"], "{\"a\": 1}\n\nnot json\n", "rows.jsonl line 3: the line is not valid JSON:" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Predict_RefusesBadArgumentsAndFilesBeforeSendingAnything(string[] options, string? content, string expected)
    {
        using var files = new TempDirectory();
        var path = files.Combine("rows");
        var args = options.Select(o => o.StartsWith("{0}", StringComparison.Ordinal) ? path + (o.Length > 3 ? o[3..] : ".csv") : o).ToArray();
        if (content is not null)
            File.WriteAllText(args.First(a => a.StartsWith(path, StringComparison.Ordinal)), content);

        var run = await CliRun.RunAsync(["predict", "bc", .. args, "--server", "http://127.0.0.1:1"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(expected, Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Predict_RefusesAFileOfTooManyRowsOrTooManyBytesBeforeSendingAnything()
    {
        var manyRows = Files.Write("many.csv", "a\n" + string.Concat(Enumerable.Repeat("1\n", InstanceFile.MaxRows + 1)));
        var large = Files.Combine("large.json");
        using (var sparse = File.Create(large))
            sparse.SetLength(InstanceFile.MaxBytes + 1);

        var rows = await CliRun.RunAsync("predict", "bc", "--input", manyRows, "--server", "http://127.0.0.1:1");
        var bytes = await CliRun.RunAsync("predict", "bc", "--input", large, "--server", "http://127.0.0.1:1");

        Assert.Equal((ExitCodes.InvalidInput, ExitCodes.InvalidInput), (rows.ExitCode, bytes.ExitCode));
        Assert.Equal("error: many.csv has more than 1,000,000 rows; split it into smaller files.", Assert.Single(rows.ErrorLines));
        Assert.Equal("error: large.json is larger than 256 MiB; split it into smaller files.", Assert.Single(bytes.ErrorLines));
    }

    private static List<float[]> Rows(int count) => [.. BreastCancerDataset.Load().Samples.Take(count).Select(sample => sample.Features)];

    private static string Text(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static float[] ScalarProbabilitiesInProcess(List<float[]> rows) =>
        InProcessOnnx.Run(TestModels.ScalarInputsOnnx, "Probability.output",
            [.. ScalarColumns.Select((name, column) => (name, rows.Select(row => row[column]).ToArray(), new long[] { rows.Count, 1 }))]);

    private sealed record PredictedRows(string Model, List<Prediction> Predictions);

    private sealed record Prediction(int Row, int Version, Dictionary<string, JsonElement> Outputs);
}
