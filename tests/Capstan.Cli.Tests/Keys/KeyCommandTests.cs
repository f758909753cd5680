using Capstan.Server.Security;
using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Security;

namespace Capstan.Cli.Tests.Keys;

public sealed class KeyCommandTests : LiveServerCommandTests
{
    [Fact]
    public async Task KeysCreate_PrintsTheKeyOnceWithAWarningAndListShowsNoSecret()
    {
        var output = (await SucceedAsync("keys", "create", "--role", "deployer", "--name", "ci", "--models", "fraud,churn", "--expires", "30d")).Output;

        var secret = Assert.Single(output.Split('\n'), l => l.StartsWith("cap_", StringComparison.Ordinal)).Trim();
        Assert.Contains("it will not be shown again", output);
        var keys = await JsonAsync<ApiKeyInfo[]>("keys", "list");
        var key = Assert.Single(keys, k => k.Name != FirstAdminKey.Name);
        Assert.Equal(("ci", Role.Deployer), (key.Name, key.Role));
        Assert.Equal(["fraud", "churn"], key.Models);
        Assert.InRange((key.ExpiresAt!.Value - key.CreatedAt).TotalDays, 29.99, 30.01);
        Assert.DoesNotContain(secret, (await SucceedAsync("keys", "list")).Output);
    }

    [Fact]
    public async Task KeysRevoke_RevokesAndASecondRevokeExitsWithConflict()
    {
        var created = await JsonAsync<CreatedApiKey>("keys", "create", "--role", "viewer");

        Assert.Contains($"Revoked key {created.Key.Id}", (await SucceedAsync("keys", "revoke", created.Key.Id)).Output);
        var again = await RunAsync("keys", "revoke", created.Key.Id);

        Assert.Equal(ExitCodes.Conflict, again.ExitCode);
        Assert.NotNull(Assert.Single(await JsonAsync<ApiKeyInfo[]>("keys", "list"), k => k.Id == created.Key.Id).RevokedAt);
    }

    [Theory]
    [InlineData("--role", "root", "--role 'root' is not one of viewer, predictor, deployer or admin.")]
    [InlineData("--expires", "soon", "--expires 'soon' is not a duration such as 30m, 1h or 7d.")]
    [InlineData("--name", "has space", "The key name 'has space' must be")]
    public async Task KeysCreate_RefusesBadInputWithOneLine(string option, string value, string expected)
    {
        string[] args = option == "--role" ? ["keys", "create", option, value] : ["keys", "create", "--role", "viewer", option, value];

        var run = await RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(expected, run.Errors);
    }
}
