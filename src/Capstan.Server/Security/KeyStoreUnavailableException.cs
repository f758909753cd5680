using System.Data.Common;

namespace Capstan.Server.Security;

/// <summary>The authentication failure of a request whose API key could not be checked because the key store failed.</summary>
/// <remarks>It travels as the failure of the authentication result, so that the denial answers 503 (try again) rather than 401.</remarks>
public sealed class KeyStoreUnavailableException(DbException inner)
    : Exception("The key store is unavailable, so the API key cannot be checked; try again shortly.", inner);
