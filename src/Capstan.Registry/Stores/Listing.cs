using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

/// <summary>The checks and keyset page tokens that every store's listings share.</summary>
/// <remarks>
/// A page token is the base64url text of the last key on the page, tagged with the listing it came from
/// (<c>m:name</c> for models, <c>v:N</c> for versions, <c>a:N</c> for audit entries), so it is safe in a query string and opaque to callers.
/// </remarks>
internal static class Listing
{
    /// <summary>The largest page a listing gives.</summary>
    public const int MaxPageSize = 1000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Checks a model query and reads the name after which its page starts, or null for the first page.</summary>
    public static Result<string?> ModelsAfter(ModelQuery query)
    {
        if (CheckPageSize(query.PageSize) is { } error)
            return error;
        if (query.PageToken is null)
            return (string?)null;
        return ReadKey(query.PageToken, 'm') is { } key && ModelName.Parse(key).IsSuccess ? key : InvalidToken(query.PageToken);
    }

    /// <summary>Checks a version query and reads the version number below which its page starts, or null for the first page.</summary>
    public static Result<int?> VersionsBefore(VersionQuery query)
    {
        if (CheckPageSize(query.PageSize) is { } error)
            return error;
        if (query.PageToken is null)
            return (int?)null;
        return ReadKey(query.PageToken, 'v') is { } key && ModelReference.ParseVersion(key).TryGetValue(out var version, out _)
            ? version
            : InvalidToken(query.PageToken);
    }

    /// <summary>Checks an audit query and reads the sequence number below which its page starts, or null for the first page.</summary>
    public static Result<long?> AuditBefore(AuditQuery query)
    {
        if (CheckPageSize(query.PageSize) is { } error)
            return error;
        if (query.PageToken is null)
            return (long?)null;
        return ReadKey(query.PageToken, 'a') is { } key
               && long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0
            ? sequence
            : InvalidToken(query.PageToken);
    }

    /// <summary>Checks a name prefix: null or empty means no filter; otherwise it must use only name characters.</summary>
    public static Result<string?> CheckPrefix(string? prefix) =>
        string.IsNullOrEmpty(prefix) ? (string?)null : NameRules.Check(prefix, "name prefix").Map(p => (string?)p);

    /// <summary>The page of models from the first <c>pageSize + 1</c> that matched.</summary>
    public static Page<ModelInfo> ModelPage(IReadOnlyList<ModelInfo> fetched, int pageSize) =>
        ToPage(fetched, pageSize, m => $"m:{m.Name}");

    /// <summary>The page of versions from the first <c>pageSize + 1</c> that matched.</summary>
    public static Page<ModelVersionInfo> VersionPage(IReadOnlyList<ModelVersionInfo> fetched, int pageSize) =>
        ToPage(fetched, pageSize, v => string.Create(CultureInfo.InvariantCulture, $"v:{v.Version}"));

    /// <summary>The page of audit entries from the first <c>pageSize + 1</c> that matched.</summary>
    public static Page<AuditEntry> AuditPage(IReadOnlyList<AuditEntry> fetched, int pageSize) =>
        ToPage(fetched, pageSize, e => string.Create(CultureInfo.InvariantCulture, $"a:{e.Sequence}"));

    private static Error? CheckPageSize(int pageSize) =>
        pageSize is >= 1 and <= MaxPageSize ? null : Error.InvalidInput($"The page size {pageSize} is outside 1 to {MaxPageSize}.");

    private static Page<T> ToPage<T>(IReadOnlyList<T> fetched, int pageSize, Func<T, string> key) =>
        fetched.Count > pageSize
            ? new Page<T>(fetched.Take(pageSize).ToArray(), Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key(fetched[pageSize - 1]))))
            : new Page<T>(fetched, null);

    private static string? ReadKey(string token, char kind)
    {
        if (!Base64Url.IsValid(token))
            return null;
        try
        {
            var text = StrictUtf8.GetString(Base64Url.DecodeFromChars(token));
            return text.Length > 2 && text[0] == kind && text[1] == ':' ? text[2..] : null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static Error InvalidToken(string token) =>
        Error.InvalidInput($"The page token '{NameRules.Printable(token)}' was not given out by this listing.");
}
