using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Capstan.Core.Alerts;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Server.Tests.Support;

namespace Capstan.Server.Tests.Alerts;

/// <summary>The alert rule routes: every bad rule refused with its own message and status, the rules' life cycle, and model grants.</summary>
public sealed class AlertsApiTests(AlertsServer fixture) : IClassFixture<AlertsServer>
{
    private const string Valid = "\"model\": \"bc\", \"signal\": \"error_rate\", \"comparison\": \">\", \"threshold\": 0.05";

    private HttpClient Client => fixture.Server.Http;

    public static TheoryData<string, string, HttpStatusCode, string> BadRules => new()
    {
        { ".hidden", $"{{{Valid}}}", HttpStatusCode.BadRequest, "The alert rule name '.hidden' starts with '.'." },
        { "r", "", HttpStatusCode.BadRequest, "The body is empty; give the rule as {\"model\": ..., \"signal\": ..., \"comparison\": \">\", \"threshold\": ...}." },
        { "r", """{"signal": "error_rate", "comparison": ">", "threshold": 1}""", HttpStatusCode.BadRequest, "The rule 'r' names no model." },
        { "r", """{"model": "a/b", "signal": "error_rate", "comparison": ">", "threshold": 1}""", HttpStatusCode.BadRequest, "The model name 'a/b' contains a path separator '/'; only ASCII letters, digits, '-', '_' and '.' are allowed." },
        { "r", """{"model": "bc", "comparison": ">", "threshold": 1}""", HttpStatusCode.BadRequest, "The rule names no signal; give one such as error_rate, latency_p99_ms, requests or drift." },
        { "r", """{"model": "bc", "signal": "error rate", "comparison": ">", "threshold": 1}""", HttpStatusCode.BadRequest, "The signal 'error rate' contains \\u0020; signal names are printable ASCII without spaces." },
        { "r", """{"model": "bc", "signal": "error_rate", "comparison": "~", "threshold": 1}""", HttpStatusCode.BadRequest, "The comparison '~' is not one of >, >=, < and <=." },
        { "r", """{"model": "bc", "signal": "error_rate", "threshold": 1}""", HttpStatusCode.BadRequest, "The rule has no comparison; give one of >, >=, < and <=." },
        { "r", """{"model": "bc", "signal": "error_rate", "comparison": ">"}""", HttpStatusCode.BadRequest, "The rule 'r' has no threshold to compare error_rate with." },
        { "r", $$"""{{{Valid}}, "windowSeconds": -5}""", HttpStatusCode.BadRequest, "The window is -5 seconds; give 1 to 2592000 (30 days)." },
        { "r", $$"""{{{Valid}}, "windowSeconds": 0}""", HttpStatusCode.BadRequest, "The window is 0 seconds; give 1 to 2592000 (30 days)." },
        { "r", $$"""{{{Valid}}, "forSeconds": -1}""", HttpStatusCode.BadRequest, "The for-duration is -1 seconds; give 0 (fire at once) to 2592000 (30 days)." },
        { "r", $$"""{{{Valid}}, "severity": "very bad"}""", HttpStatusCode.BadRequest, "The severity 'very bad' contains a space; only ASCII letters, digits, '-', '_' and '.' are allowed." },
        { "r", $$"""{{{Valid}}, "description": "{{new string('d', 2001)}}"}""", HttpStatusCode.RequestEntityTooLarge, "The description is 2001 characters long; at most 2000 are allowed." },
        { "r", $$"""{{{Valid}}, "webhooks": [{"url": "ftp://hooks.example.com/x"}]}""", HttpStatusCode.BadRequest, "The webhook url 'ftp://hooks.example.com/x' uses the scheme 'ftp'; webhooks are posted over http or https." },
        { "r", $$"""{{{Valid}}, "webhooks": [{"url": "/hooks/x"}]}""", HttpStatusCode.BadRequest, "The webhook url '/hooks/x' is not an absolute http or https address." },
        { "r", $$"""{{{Valid}}, "webhooks": [{"url": "https://user:pw@hooks.example.com/x"}]}""", HttpStatusCode.BadRequest, "The webhook url 'https://***@hooks.example.com/x' carries credentials before the host; put a token in the path or query instead." },
        { "r", $$"""{{{Valid}}, "webhooks": [{"url": "http://169.254.169.254/latest/meta-data"}]}""", HttpStatusCode.BadRequest, "The webhook url 'http://169.254.169.254/latest/meta-data' points at 169.254.169.254, a link-local address such as the cloud metadata service's; give the receiver's own address." },
        { "r", $$"""{{{Valid}}, "webhooks": [{"url": "http://[fe80::1]/x"}]}""", HttpStatusCode.BadRequest, "The webhook url 'http://[fe80::1]/x' points at [fe80::1], a link-local address; give the receiver's own address." },
        { "r", $$"""{{{Valid}}, "webhooks": [{"url": "http://0x7f.1/x"}]}""", HttpStatusCode.BadRequest, "The webhook url 'http://0x7f.1/x' writes the address 127.0.0.1 as '0x7f.1'; write it as 127.0.0.1." },
        { "r", $$"""{{{Valid}}, "webhooks": [{"url": "http://hooks.example.com/a b"}]}""", HttpStatusCode.BadRequest, "The webhook url 'http://hooks.example.com/a b' contains a space; write it in plain ASCII, percent-encoded where needed." },
        { "r", $$"""{{{Valid}}, "webhooks": [{"url": "http://hooks.example.com/x#frag"}]}""", HttpStatusCode.BadRequest, "The webhook url 'http://hooks.example.com/x#frag' has a fragment ('#frag'), which is never sent; leave it out." },
        { "r", $$"""{{{Valid}}, "webhooks": [{"url": "http://hooks.example.com/x", "format": "xml"}]}""", HttpStatusCode.BadRequest, "The webhook format 'xml' is neither 'json' nor 'slack'." },
        { "r", $$"""{{{Valid}}, "webhooks": [{"url": "http://hooks.example.com/x"}, {"url": "http://hooks.example.com/x"}]}""", HttpStatusCode.BadRequest, "The webhook 'http://hooks.example.com/x' is listed twice." },
        { "r", $$"""{{{Valid}}, "webhooks": [{{string.Join(",", Enumerable.Range(0, 9).Select(i => $"{{\"url\": \"http://hooks.example.com/{i}\"}}"))}}]}""", HttpStatusCode.BadRequest, "The rule has 9 webhooks; at most 8 are allowed." },
        { "r", $$"""{{{Valid}}, "webhooks": [{"url": "http://hooks.example.com/{{new string('x', 2048)}}"}]}""", HttpStatusCode.RequestEntityTooLarge, "The webhook url is 2073 characters long; at most 2048 are allowed." },
        { "r", """{"model": "bc", "signal": "no_such_signal", "comparison": ">", "threshold": 1}""", HttpStatusCode.BadRequest, "No signal source provides 'no_such_signal'; the serving signals are error_rate, latency_p99_ms, requests." },
        { "r", """{"model": "ghost", "signal": "error_rate", "comparison": ">", "threshold": 1}""", HttpStatusCode.NotFound, "Model 'ghost' does not exist." },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public async Task PutRule_RefusesABadRuleWithAPreciseProblemAndStoresNothing(string name, string body, HttpStatusCode status, string detail)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = body.Length == 0 ? null : new MediaTypeHeaderValue("application/json");

        using var response = await Client.PutAsync($"/api/v1/alerts/rules/{name}", content);

        Assert.Equal(detail, await response.AssertProblemAsync(status, status switch
        {
            HttpStatusCode.NotFound => "NotFound",
            HttpStatusCode.RequestEntityTooLarge => "TooLarge",
            _ => "InvalidInput",
        }));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/alerts/rules/r")).StatusCode);
    }

    [Fact]
    public async Task PutRule_RefusesMalformedJson()
    {
        using var response = await Client.PutAsync("/api/v1/alerts/rules/r", new StringContent("""{"model": "bc", "threshold": "high"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/v1/alerts/rules/missing-rule", HttpStatusCode.NotFound, "There is no alert rule 'missing-rule'.")]
    [InlineData("DELETE", "/api/v1/alerts/rules/missing-rule", HttpStatusCode.NotFound, "There is no alert rule 'missing-rule'.")]
    [InlineData("GET", "/api/v1/alerts/missing-rule/history", HttpStatusCode.NotFound, "There is no alert rule 'missing-rule'.")]
    [InlineData("GET", "/api/v1/alerts/.x/history", HttpStatusCode.BadRequest, "The alert rule name '.x' starts with '.'.")]
    public async Task MissingOrBadlyNamedRule_IsRefused(string method, string path, HttpStatusCode status, string detail)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(detail, await response.AssertProblemAsync(status, status == HttpStatusCode.NotFound ? "NotFound" : "InvalidInput"));
    }

    [Fact]
    public async Task RuleLifeCycle_CreateReplaceListHistoryDeleteEachAudited()
    {
        var request = new AlertRuleRequest("bc", "latency_p99_ms", ">=", 250, 600, 120, "warning", "p99 is slow.", [new AlertWebhook("https://hooks.example.com/T1/B2", AlertWebhook.Slack)]);

        var created = await (await Client.PutAsync("/api/v1/alerts/rules/bc-slow", Support.Http.Json(request))).ReadOkAsync<AlertRule>();
        var replaced = await (await Client.PutAsync("/api/v1/alerts/rules/bc-slow", Support.Http.Json(request with { Threshold = 500, Webhooks = null }))).ReadOkAsync<AlertRule>();
        var fetched = await Client.GetOkAsync<AlertRule>("/api/v1/alerts/rules/bc-slow");
        var rules = await Client.GetOkAsync<List<AlertRule>>("/api/v1/alerts/rules");
        var alerts = await Client.GetOkAsync<List<Alert>>("/api/v1/alerts");
        var history = await Client.GetOkAsync<List<AlertTransition>>("/api/v1/alerts/bc-slow/history?limit=5");
        var deleted = await (await Client.DeleteAsync("/api/v1/alerts/rules/bc-slow")).ReadOkAsync<AlertRule>();

        Assert.Equal(("bc-slow", AlertComparison.AtOrAbove, 250.0, 600L, 120L, "warning"), (created.Name, created.Comparison, created.Threshold, created.WindowSeconds, created.ForSeconds, created.Severity));
        Assert.Equal(AlertWebhook.Slack, Assert.Single(created.Webhooks).Format);
        Assert.Equal((500.0, 0), (replaced.Threshold, replaced.Webhooks.Count));
        Assert.Equivalent(replaced, fetched, strict: true);
        Assert.Contains(rules, r => r.Name == "bc-slow");
        var alert = Assert.Single(alerts, a => a.Rule.Name == "bc-slow");
        Assert.Equal((AlertState.Inactive, 2L), (alert.Status.State, alert.Status.Revision));
        Assert.Empty(history);
        Assert.Equal(500, deleted.Threshold);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/v1/alerts/rules/bc-slow")).StatusCode);
        var audit = await Client.GetOkAsync<Page<AuditEntry>>("/api/v1/audit?model=bc&pageSize=3");
        Assert.Equal(["alert.rule.delete", "alert.rule.set", "alert.rule.set"], audit.Items.Select(e => e.Action));
    }

    [Fact]
    public async Task KeyNarrowedToAnotherModel_NeitherSeesNorTouchesTheRulesOfThisOne()
    {
        await (await Client.PutAsync("/api/v1/alerts/rules/bc-grants", Support.Http.Json(new AlertRuleRequest("bc", "requests", "<", 1)))).ReadOkAsync<AlertRule>();
        await (await Client.PutAsync("/api/v1/alerts/rules/other-grants", Support.Http.Json(new AlertRuleRequest("other", "requests", "<", 1)))).ReadOkAsync<AlertRule>();
        using var narrowed = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        narrowed.DefaultRequestHeaders.Add("x-api-key", await TestKeys.CreateAsync(fixture.Server, "other-only", Role.Deployer, ["other"]));

        var listed = await narrowed.GetOkAsync<List<Alert>>("/api/v1/alerts");
        var rules = await narrowed.GetOkAsync<List<AlertRule>>("/api/v1/alerts/rules");

        Assert.DoesNotContain(listed, a => a.Rule.Model == "bc");
        Assert.Contains(listed, a => a.Rule.Name == "other-grants");
        Assert.DoesNotContain(rules, r => r.Model == "bc");
        const string Refusal = "The caller has no grant on model 'bc'.";
        Assert.Equal(Refusal, await (await narrowed.GetAsync("/api/v1/alerts/rules/bc-grants")).AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden"));
        Assert.Equal(Refusal, await (await narrowed.GetAsync("/api/v1/alerts/bc-grants/history")).AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden"));
        Assert.Equal(Refusal, await (await narrowed.DeleteAsync("/api/v1/alerts/rules/bc-grants")).AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden"));
        Assert.Equal(Refusal, await (await narrowed.PutAsync("/api/v1/alerts/rules/new-rule", Support.Http.Json(new AlertRuleRequest("bc", "requests", "<", 1)))).AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden"));
        Assert.Equal(Refusal, await (await narrowed.PutAsync("/api/v1/alerts/rules/bc-grants", Support.Http.Json(new AlertRuleRequest("other", "requests", "<", 1)))).AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden"));
        Assert.Equal("bc", (await Client.GetOkAsync<AlertRule>("/api/v1/alerts/rules/bc-grants")).Model);
    }

    [Fact]
    public async Task ReadOnlyCaller_SeesWebhookAddressesCutToTheirOrigin()
    {
        const string Secret = "https://hooks.example.com/services/T1/B2/secret-token";
        await (await Client.PutAsync("/api/v1/alerts/rules/bc-hooks", Support.Http.Json(new AlertRuleRequest("bc", "requests", "<", 1, Webhooks: [new AlertWebhook(Secret)])))).ReadOkAsync<AlertRule>();
        using var viewer = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        viewer.DefaultRequestHeaders.Add("x-api-key", await TestKeys.CreateAsync(fixture.Server, "viewer", Role.Viewer));

        var one = await viewer.GetOkAsync<AlertRule>("/api/v1/alerts/rules/bc-hooks");
        var rules = await viewer.GetOkAsync<List<AlertRule>>("/api/v1/alerts/rules");
        var alerts = await viewer.GetOkAsync<List<Alert>>("/api/v1/alerts");

        Assert.Equal("https://hooks.example.com/...", Assert.Single(one.Webhooks).Url);
        Assert.Equal("https://hooks.example.com/...", Assert.Single(rules.Single(r => r.Name == "bc-hooks").Webhooks).Url);
        Assert.Equal("https://hooks.example.com/...", Assert.Single(alerts.Single(a => a.Rule.Name == "bc-hooks").Rule.Webhooks).Url);
        Assert.Equal(Secret, Assert.Single((await Client.GetOkAsync<AlertRule>("/api/v1/alerts/rules/bc-hooks")).Webhooks).Url);
    }
}
