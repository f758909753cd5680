using System.Net;
using Capstan.Server.Hosting;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Testing.Servers;
using Grpc.Net.Client;

namespace Capstan.Server.Tests.Hardening;

public sealed class TlsTests : IDisposable
{
    private readonly SelfSignedCertificate _certificate = new();

    public void Dispose() => _certificate.Dispose();

    [Fact]
    public async Task Https_ServesRestOverHttp1AndHttp2WithAPemCertificate()
    {
        await using var server = await StartTlsServerAsync();
        using var http = RawHttp.ClientLike(server, _certificate.TrustingHandler());

        foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/health/live") { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var response = await http.SendAsync(request);

            Assert.Equal((HttpStatusCode.OK, version), (response.StatusCode, response.Version));
        }
    }

    [Fact]
    public async Task Https_ServesGrpcOverTlsWithAlpn()
    {
        await using var server = await StartTlsServerAsync();
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress, new GrpcChannelOptions { HttpHandler = _certificate.TrustingHandler() });

        var live = await new GRPCInferenceService.GRPCInferenceServiceClient(channel).ServerLiveAsync(new ServerLiveRequest(), RawHttp.GrpcHeaders(server));

        Assert.Equal(Uri.UriSchemeHttps, server.GrpcAddress.Scheme);
        Assert.True(live.Live);
    }

    [Fact]
    public async Task Https_RefusesAClientThatDoesNotTrustTheCertificate()
    {
        await using var server = await StartTlsServerAsync();
        using var untrusting = new HttpClient { BaseAddress = server.BaseAddress };

        await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("/v2/health/live"));
    }

    [Fact]
    public void Rules_RefuseAnHttpsAddressWithoutACertificate()
    {
        var error = ServerOptionsRules.Check(new ServerOptions { Urls = "https://127.0.0.1:8443" }).Error;

        Assert.Contains("needs a certificate", error.Message);
    }

    [Fact]
    public void Rules_RefuseACertificateThatNoAddressUses()
    {
        var error = ServerOptionsRules.Check(Tls(new ServerOptions())).Error;

        Assert.Contains("no address is https://", error.Message);
    }

    [Fact]
    public void Rules_RefuseACertificateWithoutItsKey()
    {
        var error = ServerOptionsRules.Check(new ServerOptions { Urls = "https://127.0.0.1:8443", TlsCertificatePath = _certificate.CertificatePath }).Error;

        Assert.Contains("without its private key", error.Message);
    }

    [Fact]
    public void Rules_RefuseAKeyThatIsNotPem()
    {
        var options = Tls(new ServerOptions { Urls = "https://127.0.0.1:8443" });
        options.TlsKeyPath = options.TlsCertificatePath;

        var error = ServerOptionsRules.Check(options).Error;

        Assert.Contains("cannot be loaded as PEM", error.Message);
    }

    [Fact]
    public void Rules_GiveTheDefaultGrpcAddressTheSchemeOfTheFirstHttpAddress()
    {
        var endpoints = ServerOptionsRules.Check(Tls(new ServerOptions { Urls = "https://127.0.0.1:8443;http://127.0.0.1:8080" })).Value;

        Assert.Equal(new Uri("https://127.0.0.1:8444"), endpoints.Grpc[0]);
        Assert.Equal([new Uri("http://127.0.0.1:8080")], endpoints.Plaintext);
    }

    private ServerOptions Tls(ServerOptions options)
    {
        options.TlsCertificatePath = _certificate.CertificatePath;
        options.TlsKeyPath = _certificate.KeyPath;
        return options;
    }

    private Task<RunningServer> StartTlsServerAsync() => RunningServer.StartAsync(options =>
    {
        options.Urls = options.Urls.Replace("http://", "https://", StringComparison.Ordinal);
        options.GrpcUrls = options.GrpcUrls!.Replace("http://", "https://", StringComparison.Ordinal);
        Tls(options);
    });
}
