using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

public sealed partial class InMemoryRegistryStore
{
    private readonly Dictionary<(string Model, int Version), StoredProfile> _profiles = [];

    /// <inheritdoc />
    public Task<Result<StoredProfile>> SetProfileAsync(ModelName name, int version, string profile, Actor actor, CancellationToken cancellationToken) =>
        Locked<StoredProfile>(() =>
        {
            if (Find(name.Value, version) is null)
                return FindError(name.Value, version);
            var before = ProfileOf(name.Value, version);
            var now = StoreClock.Now(_time);
            var after = _profiles[(name.Value, version)] = new StoredProfile(name.Value, version, profile, now, actor.Name);
            return Audited(after, actor, now, stored => AuditEvents.ProfileSet(before, stored));
        });

    /// <inheritdoc />
    public Task<Result<StoredProfile>> GetProfileAsync(ModelName name, int version, CancellationToken cancellationToken) =>
        Locked<StoredProfile>(() =>
            Find(name.Value, version) is null ? FindError(name.Value, version)
            : ProfileOf(name.Value, version) is { } stored ? stored
            : StoreErrors.NoProfile(name.Value, version));

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<int>>> ListProfiledVersionsAsync(ModelName name, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<int>>(() => _models.TryGetValue(name.Value, out var model)
            ? model.Versions.Keys.Where(v => _profiles.ContainsKey((name.Value, v))).ToList()
            : StoreErrors.ModelNotFound(name.Value));

    /// <summary>The profile of a version that exists; one left by a deleted version is never returned, since its number is never given out again.</summary>
    private StoredProfile? ProfileOf(string model, int version) => _profiles.GetValueOrDefault((model, version));
}
