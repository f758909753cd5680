using System.Net;
using Capstan.Core.Security;
using Capstan.Registry.Stores;
using Capstan.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Capstan.Server.Security;

/// <summary>On a server's first start (no key was ever created), creates an admin key and stores it in the CLI's credentials file, so the local CLI just works.</summary>
/// <remarks>
/// The key is written to the file (mode 0600) before it is recorded, so a key that works is never lost; the log says
/// where it is and never the key itself. Entries are written for each HTTP address the CLI could use: an address on
/// every interface is reached through <c>127.0.0.1</c> and <c>localhost</c>; one with port 0 gets none (its port is
/// not known yet).
/// </remarks>
public static class FirstAdminKey
{
    /// <summary>The name the first admin key is created with.</summary>
    public const string Name = "first-admin";

    /// <summary>Creates and stores the key when the store has none; returns the credentials file written, or null when keys exist.</summary>
    public static async Task<string?> EnsureAsync(
        IKeyStore keys, AuthOptions auth, ServerEndpoints endpoints, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        if (auth.Disabled || await keys.HasKeysAsync(cancellationToken))
            return null;
        var path = auth.CredentialsFile ?? CredentialsFile.DefaultPath();
        var (key, secret) = ApiKeys.Create(new ApiKeyRequest(Name, Role.Admin, null, null), time.GetUtcNow()).Value;
        if (CredentialsFile.Write(path, ClientAddresses(endpoints), secret) is { } setAside)
            logger.LogWarning("The credentials file {Path} was not valid JSON; it was moved to {SetAside} and a fresh one written.", path, setAside);
        var created = await keys.CreateKeyAsync(key, Actor.System, cancellationToken);
        if (!created.TryGetValue(out _, out var error))
            throw new InvalidOperationException($"The first admin key could not be recorded: {error.Message}");
        logger.LogWarning(
            "First start: created the admin key '{KeyId}' and stored it in {Path} (readable by you alone); the capstan CLI on this machine uses it. " +
            "Create keys for others with 'capstan keys create --role ROLE'.", key.Id, path);
        return path;
    }

    private static IEnumerable<Uri> ClientAddresses(ServerEndpoints endpoints)
    {
        foreach (var address in endpoints.Http.Where(a => a.Port != 0))
        {
            if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
            {
                yield return new UriBuilder(address) { Host = "127.0.0.1" }.Uri;
                yield return new UriBuilder(address) { Host = "localhost" }.Uri;
            }
            else
            {
                yield return address;
            }
        }
    }
}
