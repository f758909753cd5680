using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Security;
using Capstan.Registry.Stores;

namespace Capstan.Server.Security;

/// <summary>Makes, checks and hashes API keys of the form <c>cap_&lt;id&gt;_&lt;secret&gt;</c>.</summary>
/// <remarks>
/// The id is 12 lowercase hex digits (6 random bytes), the secret 32 random bytes in base64url; both come from
/// <see cref="RandomNumberGenerator"/>. The store keeps only <see cref="Hash"/> of the whole key, so a presented key is
/// checked by hashing it and comparing in constant time (<see cref="ApiKeyValidator"/>).
/// </remarks>
public static class ApiKeys
{
    /// <summary>What every key starts with.</summary>
    public const string Prefix = "cap_";

    /// <summary>How many characters a key id has.</summary>
    public const int IdLength = 12;

    /// <summary>The longest key name accepted.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The longest lifetime accepted: ten years, in seconds.</summary>
    public const long MaxExpirySeconds = 10L * 366 * 24 * 3600;

    /// <summary>Checks <paramref name="request"/> and makes a new key for it: the record to store and the whole key to show once.</summary>
    public static Result<(NewApiKey Key, string Secret)> Create(ApiKeyRequest request, DateTimeOffset now)
    {
        if (Check(request) is { } error)
            return error;
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        var secret = $"{Prefix}{id}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        var expires = request.ExpiresInSeconds is { } seconds ? now.AddSeconds(seconds) : (DateTimeOffset?)null;
        return (new NewApiKey(id, Hash(secret), request.Name, request.Role, request.Models?.ToList(), expires), secret);
    }

    /// <summary>The lowercase hex SHA-256 of a presented key's UTF-8, as the store keeps it.</summary>
    public static string Hash(string presented) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    /// <summary>The id part of a presented key, or null when it does not have the shape of a Capstan key.</summary>
    public static string? IdOf(string presented) => IdOf(presented.AsSpan()) is { } id ? presented[id] : null;

    /// <summary>Where the id is in a presented key, or null when it does not have the shape of a Capstan key.</summary>
    public static Range? IdOf(ReadOnlySpan<char> presented) =>
        presented.Length > Prefix.Length + IdLength + 1 && presented.StartsWith(Prefix, StringComparison.Ordinal)
        && presented[Prefix.Length + IdLength] == '_' && IsId(presented.Slice(Prefix.Length, IdLength))
            ? new Range(Prefix.Length, Prefix.Length + IdLength)
            : null;

    /// <summary>Whether <paramref name="id"/> has the shape of a key id: 12 lowercase hex digits.</summary>
    public static bool IsId(ReadOnlySpan<char> id) => id.Length == IdLength && !id.ContainsAnyExcept("0123456789abcdef");

    /// <summary>Why <paramref name="request"/> cannot make a key, or null when it can.</summary>
    public static Error? Check(ApiKeyRequest request)
    {
        if (string.IsNullOrEmpty(request.Name) || request.Name.Length > MaxNameLength
            || request.Name.AsSpan().ContainsAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"))
            return Error.InvalidInput(
                $"The key name '{NameRules.Printable(request.Name ?? "")}' must be 1 to {MaxNameLength} letters, digits, '.', '_' or '-'.");
        if (!Enum.IsDefined(request.Role))
            return Error.InvalidInput($"The role {(int)request.Role} is not one of viewer, predictor, deployer or admin.");
        if (request.Models is { Count: 0 })
            return Error.InvalidInput("A key narrowed to models must name at least one; leave the list out for every model.");
        foreach (var model in request.Models ?? [])
        {
            if (!ModelName.Parse(model).TryGetValue(out _, out var error))
                return Error.InvalidInput($"The key's models are invalid: {error.Message}");
        }
        if (request.Models?.GroupBy(m => m, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            return Error.InvalidInput($"The model '{repeated.Key}' is listed twice.");
        if (request.ExpiresInSeconds is <= 0 or > MaxExpirySeconds)
            return Error.InvalidInput($"The expiry must be between 1 and {MaxExpirySeconds} seconds, not {request.ExpiresInSeconds}.");
        return null;
    }
}
