using Capstan.Core.Security;
using Capstan.Registry.Stores;
using Capstan.Server.Security;
using Capstan.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace Capstan.Server.Tests.Support;

/// <summary>API keys made straight in a test server's key store, including ones the API would refuse to make, such as already expired keys.</summary>
public static class TestKeys
{
    /// <summary>Creates a key on <paramref name="server"/> and returns the whole key to send.</summary>
    public static async Task<string> CreateAsync(
        RunningServer server, string name, Role role, IReadOnlyList<string>? models = null, DateTimeOffset? expiresAt = null)
    {
        var (key, secret) = ApiKeys.Create(new ApiKeyRequest(name, role, models, null), DateTimeOffset.UtcNow).Value;
        var created = await server.Services.GetRequiredService<IKeyStore>().CreateKeyAsync(key with { ExpiresAt = expiresAt }, Actor.System, CancellationToken.None);
        Assert.True(created.IsSuccess, $"{created}");
        return secret;
    }
}
