using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Capstan.Testing.Files;
using Capstan.Testing.Servers;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Capstan.Server.Tests.Security;

/// <summary>OIDC bearer tokens signed by an identity provider's key, with role claims mapped to Capstan roles.</summary>
public sealed class OidcTokenTests : IAsyncLifetime
{
    private const string Issuer = "https://idp.test";
    private const string Audience = "capstan";

    private readonly RSA _issuerKey = RSA.Create(2048);
    private readonly TempDirectory _files = new();
    private RunningServer _server = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var pem = Path.Combine(_files.Path, "issuer.pem");
        await File.WriteAllTextAsync(pem, _issuerKey.ExportSubjectPublicKeyInfoPem());
        _server = await RunningServer.StartAsync(o =>
        {
            o.Auth.Oidc.SigningKeyFile = pem;
            o.Auth.Oidc.Issuer = Issuer;
            o.Auth.Oidc.Audience = Audience;
            o.Auth.Oidc.RoleMap["ml-admins"] = "admin";
        });
    }

    [Fact]
    public async Task Token_WithAMappedGroupActsAsThatRole()
    {
        var token = Token(_issuerKey, ["ml-admins"]);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/api/v1/keys", token));
    }

    [Fact]
    public async Task Token_WithARoleNameActsAsThatRoleAndNoMore()
    {
        var token = Token(_issuerKey, ["viewer"]);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/api/v1/models", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Delete, "/api/v1/versions/x:1", token));
    }

    [Fact]
    public async Task Token_WithoutAKnownRoleMayDoNothing()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, "/api/v1/models", Token(_issuerKey, ["everyone"])));
    }

    [Fact]
    public async Task Tokens_ForAnotherAudienceSignedByAnotherKeyOrExpiredAreRefused()
    {
        using var stranger = RSA.Create(2048);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/api/v1/models", Token(_issuerKey, ["admin"], audience: "other-app")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/api/v1/models", Token(stranger, ["admin"])));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/api/v1/models", Token(_issuerKey, ["admin"], lifetime: TimeSpan.FromMinutes(-10))));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
        _issuerKey.Dispose();
    }

    private static string Token(RSA key, string[] roles, string audience = Audience, TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(5));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = expires.AddMinutes(-10),
            NotBefore = expires.AddMinutes(-10),
            Expires = expires,
            Claims = new Dictionary<string, object> { ["sub"] = "alice", ["roles"] = roles },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256),
        });
    }

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string token)
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
