using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

/// <summary>The reference profiles of model versions: at most one per version, kept as the JSON text monitoring made.</summary>
/// <remarks>
/// The store keeps a profile opaque (monitoring writes and reads it); it goes when its version is deleted. Each method
/// is one transaction, safe to call concurrently from many threads and processes. NotFound for a model or version that
/// does not exist, and for a version without a profile.
/// </remarks>
public interface IProfileStore
{
    /// <summary>Stores <paramref name="profile"/> as the profile of <paramref name="name"/>:<paramref name="version"/>, replacing any it had, audited as <c>profile.set</c>.</summary>
    /// <remarks>The audit entry records the profile's size and SHA-256 before and after, not its text.</remarks>
    Task<Result<StoredProfile>> SetProfileAsync(ModelName name, int version, string profile, Actor actor, CancellationToken cancellationToken);

    /// <summary>Gets a version's profile.</summary>
    Task<Result<StoredProfile>> GetProfileAsync(ModelName name, int version, CancellationToken cancellationToken);

    /// <summary>Lists the versions of a model that have a profile, in ascending order.</summary>
    Task<Result<IReadOnlyList<int>>> ListProfiledVersionsAsync(ModelName name, CancellationToken cancellationToken);
}
