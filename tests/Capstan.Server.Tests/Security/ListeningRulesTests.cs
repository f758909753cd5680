using Capstan.Core.Errors;
using Capstan.Server.Hosting;
using Capstan.Server.Security;
using Capstan.Testing.Files;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Security;

public sealed class ListeningRulesTests
{
    [Theory]
    [InlineData("http://0.0.0.0:{0}")]
    [InlineData("http://*:{0}")]
    public async Task Start_RefusesAnAddressOffLoopbackWithoutTlsUnlessExplicitlyAllowed(string url)
    {
        using var data = new TempDirectory();
        var options = new ServerOptions { Urls = string.Format(System.Globalization.CultureInfo.InvariantCulture, url, FreePorts.Next()), DataDirectory = data.Path };

        var built = await CapstanServer.BuildAsync(options, TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCode.InvalidInput, built.Error.Code);
        Assert.Contains("--allow-insecure-http", built.Error.Message);
        Assert.Empty(Directory.GetFiles(data.Path));
    }

    [Fact]
    public async Task AllowInsecureHttp_StartsOffLoopbackAndWarns()
    {
        using var data = new TempDirectory();
        var options = new ServerOptions { Urls = $"http://0.0.0.0:{FreePorts.Next()}", DataDirectory = data.Path };
        options.Auth.AllowInsecureHttp = true;
        options.Auth.CredentialsFile = TestCredentials.PathFor(data.Path);

        var built = await CapstanServer.BuildAsync(options, TestContext.Current.CancellationToken);
        await using var app = built.Value;

        var endpoints = ServerOptionsRules.Check(options).Value;
        Assert.Contains(AuthRules.Warnings(options.Auth, endpoints), w => w.Contains("without TLS (--allow-insecure-http)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OidcWithoutAnAudience_IsRefusedAtStart()
    {
        using var data = new TempDirectory();
        var options = new ServerOptions { Urls = $"http://127.0.0.1:{FreePorts.Next()}", DataDirectory = data.Path };
        options.Auth.Oidc.Authority = "https://idp.example";

        var built = await CapstanServer.BuildAsync(options, TestContext.Current.CancellationToken);

        Assert.Contains("audience", built.Error.Message);
    }
}
