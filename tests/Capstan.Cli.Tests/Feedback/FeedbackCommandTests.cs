using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Feedback;
using Capstan.Core.Naming;
using Capstan.Registry.Stores;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Capstan.Cli.Tests.Feedback;

public sealed class FeedbackCommandTests : LiveServerCommandTests
{
    [Fact]
    public async Task Feedback_PostsOneLabelThenACsvFileInChunks_ReplacingTheEarlierLabel()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
        var csv = Files.Write("labels.csv", "label,request_id\ntrue,r1\n\n0,r2\n\"benign, probably\",\"r\"\"3\"\n2.5,r4\nfalse,r5\n");

        var one = await SucceedAsync("feedback", "bc", "--request-id", "r1", "--label", "false");
        var file = await SucceedAsync("feedback", "bc", "--file", csv, "--chunk-size", "2");

        Assert.Contains("Stored 1 label for bc in 1 post.", one.Output);
        Assert.Contains("Stored 5 labels for bc in 3 posts; 1 replaced a label posted earlier.", file.Output);
        var stored = await LabelsAsync("r1", "r2", "r\"3", "r4", "r5");
        Assert.Equal(LabelValue.Of(true), stored["r1"]);
        Assert.Equal(LabelValue.Of(0).Value, stored["r2"]);
        Assert.Equal(LabelValue.Of("benign, probably").Value, stored["r\"3"]);
        Assert.Equal(LabelValue.Of(2.5).Value, stored["r4"]);
        Assert.Equal(LabelValue.Of(false), stored["r5"]);
    }

    [Fact]
    public async Task Feedback_PostsAJsonLinesFileKeepingEachLabelsType_AndPrintsJson()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
        var jsonl = Files.Write("labels.jsonl", """
            {"request_id": "a", "label": "1"}
            {"request_id": "b", "label": 1}

            {"request_id": "c", "label": true}
            """);

        var run = await SucceedAsync("feedback", "bc", "--file", jsonl, "--json");

        Assert.Contains("\"received\":3", run.Output);
        var stored = await LabelsAsync("a", "b", "c");
        Assert.Equal((LabelKind.Text, LabelKind.Number, LabelKind.Boolean), (stored["a"].Kind, stored["b"].Kind, stored["c"].Kind));
    }

    [Fact]
    public async Task Feedback_ForAnUnknownModelFailsWithNotFoundAndStoresNothing()
    {
        var csv = Files.Write("labels.csv", "request_id,label\nr1,true\nr2,false\n");

        var run = await RunAsync("feedback", "ghost", "--file", csv, "--chunk-size", "1");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Equal(["error: Model 'ghost' does not exist."], run.ErrorLines);
    }

    public static TheoryData<string[], string?, string> BadArguments => new()
    {
        { [], null, "Give --request-id and --label for one label, or --file for many." },
        { ["--request-id", "r1"], null, "Give --request-id and --label for one label, or --file for many." },
        { ["--file", "{0}", "--label", "1"], "request_id,label\nr1,1\n", "Give --file alone, or --request-id with --label, not both." },
        { ["--file", "{0}", "--chunk-size", "0"], "request_id,label\nr1,1\n", "--chunk-size 0 is outside 1 to 10000." },
        { ["--file", "missing.csv"], null, "The file 'missing.csv' does not exist." },
        { ["--file", "{0}.txt"], "", "is neither a .csv nor a .jsonl file." },
        { ["--file", "{0}"], "", "labels.csv is empty; its first line must be the header request_id,label." },
        { ["--file", "{0}"], "request_id,label\n", "labels.csv has no labels." },
        { ["--file", "{0}"], "id,label\nr1,1\n", "labels.csv line 1: the header is 'id,label', not the two columns request_id and label." },
        { ["--file", "{0}"], "request_id,label\nr1,1\nr2,1,extra\n", "labels.csv line 3: expected 2 fields (request_id,label), found 3." },
        { ["--file", "{0}"], "request_id,label\n\"r1,1\n", "labels.csv line 2: a quoted field has no closing quote." },
        { ["--file", "{0}"], "request_id,label\nr1,1\n,1\n", "labels.csv line 3: The request id is empty." },
        { ["--file", "{0}"], "request_id,label\nr1,1\nr2,0\n\nr1,0\n", "labels.csv line 5: the request id 'r1' is also on line 2; give each request id once." },
        { ["--file", "{0}.jsonl"], "{\"request_id\": \"a\", \"label\": 1}\n{\"request_id\": \"b\"}\n", "labels.jsonl line 2: 'label' is missing." },
        { ["--file", "{0}.jsonl"], "{\"request_id\": \"a\", \"label\": [1]}\n", "labels.jsonl line 1: The label is an array;" },
        { ["--file", "{0}.jsonl"], "not json\n", "labels.jsonl line 1: the line is not valid JSON:" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Feedback_RefusesBadArgumentsAndFilesBeforeSendingAnything(string[] options, string? content, string expected)
    {
        using var files = new TempDirectory();
        var path = files.Combine("labels");
        var args = options.Select(o => o.StartsWith("{0}", StringComparison.Ordinal) ? path + (o.Length > 3 ? o[3..] : ".csv") : o).ToArray();
        if (content is not null)
            File.WriteAllText(args.First(a => a.StartsWith(path, StringComparison.Ordinal)), content);

        var run = await CliRun.RunAsync(["feedback", "bc", .. args, "--server", "http://127.0.0.1:1"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(expected, Assert.Single(run.ErrorLines));
    }

    private async Task<Dictionary<string, LabelValue>> LabelsAsync(params string[] ids) =>
        (await Server.Services.GetRequiredService<IRegistryStore>().GetFeedbackAsync(ModelName.Parse("bc").Value, ids, TestContext.Current.CancellationToken))
        .Value.ToDictionary(l => l.RequestId, l => l.Label);
}
