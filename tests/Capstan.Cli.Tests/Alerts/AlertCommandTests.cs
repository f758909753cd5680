using System.Globalization;
using System.Text;
using System.Text.Json;
using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Alerts;
using Capstan.Core.Serialization;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Cli.Tests.Alerts;

public sealed class AlertCommandTests : LiveServerCommandTests
{
    [Fact]
    public async Task AlertSet_ThenAlertsListsItAndRmDeletesItWithItsHistory()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);

        var set = (await SucceedAsync(
            "alert", "set", "bc-errors", "--model", "bc", "--signal", "error_rate", "--above", "0.05", "--window", "10m", "--for", "5m",
            "--webhook", "https://hooks.example.com/T1/B2", "--slack", "--severity", "critical")).Output;
        var table = (await SucceedAsync("alerts")).Output;
        var listed = await JsonAsync<List<Alert>>("alerts");
        var history = (await SucceedAsync("alerts", "history", "bc-errors")).Output;
        var removed = (await SucceedAsync("alert", "rm", "bc-errors")).Output;
        var gone = await RunAsync("alerts", "history", "bc-errors");

        Assert.Contains("Alert rule bc-errors: error_rate > 0.05 on bc over 600s for 300s, 1 webhook(s).", set);
        Assert.Matches(@"bc-errors\s*│\s*bc\s*│\s*error_rate\s*│\s*> 0\.05 over 600s for 300s\s*│\s*inactive\s*│\s*-\s*│\s*-", table);
        var rule = Assert.Single(listed).Rule;
        Assert.Equal((AlertComparison.Above, 0.05, 600L, 300L, "critical"), (rule.Comparison, rule.Threshold, rule.WindowSeconds, rule.ForSeconds, rule.Severity));
        Assert.Equal(new AlertWebhook("https://hooks.example.com/T1/B2", AlertWebhook.Slack), Assert.Single(rule.Webhooks));
        Assert.Contains("No transitions yet.", history);
        Assert.Contains("Deleted alert rule bc-errors (error_rate > 0.05 on bc).", removed);
        Assert.Equal((ExitCodes.NotFound, "error: There is no alert rule 'bc-errors'."), (gone.ExitCode, gone.Errors.Trim()));
        Assert.Contains("No alert rules.", (await SucceedAsync("alerts")).Output);
    }

    [Fact]
    public async Task AlertApply_CreatesOrReplacesEveryRuleOfTheFile()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
        await SucceedAsync("alert", "set", "bc-slow", "--model", "bc", "--signal", "latency_p99_ms", "--above", "100");
        var file = Files.Write("rules.yaml", """
            rules:
              - name: bc-slow
                model: bc
                signal: latency_p99_ms
                comparison: ">="
                threshold: 250
                window: 1h
              - name: bc-quiet
                model: bc
                signal: requests
                below: 1
                window: 30m
                for: 0
                description: "No traffic: is the client down?"
                webhooks:
                  - url: https://hooks.example.com/quiet
                    format: slack
            """);

        var output = (await SucceedAsync("alert", "apply", "-f", file)).Output;
        var rules = (await JsonAsync<List<Alert>>("alerts")).Select(a => a.Rule).ToDictionary(r => r.Name);

        Assert.Contains("Alert rule bc-slow: latency_p99_ms >= 250 on bc over 3600s, no webhooks.", output);
        Assert.Contains("Alert rule bc-quiet: requests < 1 on bc over 1800s, 1 webhook(s).", output);
        Assert.Equal((AlertComparison.AtOrAbove, 250.0), (rules["bc-slow"].Comparison, rules["bc-slow"].Threshold));
        Assert.Equal(("No traffic: is the client down?", AlertWebhook.Slack), (rules["bc-quiet"].Description, rules["bc-quiet"].Webhooks[0].Format));
    }

    [Theory]
    [InlineData(ExitCodes.InvalidInput, "Give the condition as exactly one of --above X and --below X.", "alert", "set", "r", "--model", "bc", "--signal", "requests")]
    [InlineData(ExitCodes.InvalidInput, "Give the condition as exactly one of --above X and --below X.", "alert", "set", "r", "--model", "bc", "--signal", "requests", "--above", "1", "--below", "2")]
    [InlineData(ExitCodes.InvalidInput, "--above 'lots' is not a number such as 0.05.", "alert", "set", "r", "--model", "bc", "--signal", "requests", "--above", "lots")]
    [InlineData(ExitCodes.InvalidInput, "--window '5 minutes' is not a duration such as 30m, 1h or 7d.", "alert", "set", "r", "--model", "bc", "--signal", "requests", "--above", "1", "--window", "5 minutes")]
    [InlineData(ExitCodes.InvalidInput, "The webhook url 'file:///etc/passwd' uses the scheme 'file'; webhooks are posted over http or https.", "alert", "set", "r", "--model", "bc", "--signal", "requests", "--above", "1", "--webhook", "file:///etc/passwd")]
    [InlineData(ExitCodes.InvalidInput, "No signal source provides 'nonsense'; the serving signals are error_rate, latency_p99_ms, requests.", "alert", "set", "r", "--model", "bc", "--signal", "nonsense", "--above", "1")]
    [InlineData(ExitCodes.NotFound, "Model 'ghost' does not exist.", "alert", "set", "r", "--model", "ghost", "--signal", "requests", "--above", "1")]
    [InlineData(ExitCodes.NotFound, "There is no alert rule 'r'.", "alert", "rm", "r")]
    [InlineData(ExitCodes.InvalidInput, "The alert rule name 'a b' contains a space; only ASCII letters, digits, '-', '_' and '.' are allowed.", "alerts", "history", "a b")]
    public async Task Alert_RefusesBadArgumentsWithOneLine(int exitCode, string message, params string[] args)
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);

        var run = await RunAsync(args);

        Assert.Equal((exitCode, $"error: {message}"), (run.ExitCode, run.Errors.Trim()));
        Assert.Contains("No alert rules.", (await SucceedAsync("alerts")).Output);
    }

    [Theory]
    [InlineData("rules:\n  - name: r\n    model: bc\n    signal: requests\n    above: 1\n    colour: red\n", "rules.yaml, line 6: unknown field 'colour'.")]
    [InlineData("rules:\n  - name: r\n    model: bc\n    signal: requests\n    above: 1\n  - name: s\n    model: bc\n    signal: requests\n    above: 1\n    below: 2\n", "rules.yaml, rule 2 ('s') needs exactly one of 'above: X', 'below: X', or 'comparison' with 'threshold'.")]
    [InlineData("rules:\n  - name: r\n    model: bc\n    signal: requests\n    above: 1\n    for: soon\n", "rules.yaml, rule 1: for 'soon' is not a duration such as 30m, 1h or 7d.")]
    [InlineData("rules: []\n", "rules.yaml lists no rules; add them under 'rules:'.")]
    public async Task AlertApply_RefusesABadFileBeforeChangingAnything(string content, string message)
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
        var file = Files.Write("rules.yaml", content);

        var run = await RunAsync("alert", "apply", "-f", file);

        Assert.Equal((ExitCodes.InvalidInput, $"error: {message.Replace("rules.yaml", file, StringComparison.Ordinal)}"), (run.ExitCode, run.Errors.Trim()));
        Assert.Contains("No alert rules.", (await SucceedAsync("alerts")).Output);
    }

    [Fact]
    public async Task Alerts_ListsARuleThatRealTrafficMadeFire()
    {
        await using var server = await RunningServer.StartAsync(settings: new Dictionary<string, string?> { ["AlertOptions:EvaluationInterval"] = "00:00:00.100" });
        string[] target = ["--server", server.BaseAddress.ToString(), "--api-key", server.AdminKey!];
        Assert.Equal(0, (await CliRun.RunAsync(["push", "bc", TestModels.BreastCancerOnnx, .. target])).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(["deploy", "bc:1", .. target])).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(["alert", "set", "bc-busy", "--model", "bc", "--signal", "requests", "--above", "2", .. target])).ExitCode);

        for (var i = 0; i < 3; i++)
            (await server.Http.PostAsync("/v2/models/bc/infer", Row())).EnsureSuccessStatusCode();
        await WaitUntilFiringAsync(target);
        var table = (await CliRun.RunAsync(["alerts", .. target])).Output;
        var history = (await CliRun.RunAsync(["alerts", "history", "bc-busy", .. target])).Output;

        Assert.Matches(@"bc-busy\s*│\s*bc\s*│\s*requests\s*│\s*> 2 over 300s\s*│\s*firing\s*│\s*3\s*│\s*\d{4}-\d\d-\d\d \d\d:\d\d", table);
        Assert.Matches(@"firing\s*│\s*3", history);
    }

    private static StringContent Row() => new(
        $$"""{"inputs": [{"name": "Features", "shape": [1, 30], "datatype": "FP32", "data": [{{string.Join(",", TestModels.BreastCancer.Holdout[0].Features.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}]}]}""",
        Encoding.UTF8, "application/json");

    private static async Task WaitUntilFiringAsync(string[] target)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        patience.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            var run = await CliRun.RunAsync(patience.Token, ["alerts", "--json", .. target]);
            if (JsonSerializer.Deserialize<List<Alert>>(run.Output, CapstanJson.Options) is [{ Status.State: AlertState.Firing }])
                return;
            await Task.Delay(50, patience.Token);
        }
    }
}
