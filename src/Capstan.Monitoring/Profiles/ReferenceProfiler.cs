using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Monitoring;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Serialization;
using Capstan.Registry.Stores;

namespace Capstan.Monitoring.Profiles;

/// <summary>Makes a version's reference profile from a data file, CSV or Parquet, and stores it with the version.</summary>
/// <remarks>
/// The file's columns are mapped onto the version's required inputs (<see cref="ColumnMapping"/>), each feature is
/// profiled (<see cref="FeatureProfiler"/>), and the version is run over the reference rows to profile its predictions
/// (<see cref="ReferencePredictions"/>). A file that cannot be read or mapped is refused whole, with nothing stored.
/// One file is profiled at a time, which bounds the memory it takes. Thread-safe.
/// </remarks>
/// <param name="store">Where versions and profiles are.</param>
/// <param name="predictions">Runs the version over the reference rows.</param>
/// <param name="time">The clock of the profiles' creation times.</param>
public sealed class ReferenceProfiler(IRegistryStore store, ReferencePredictions predictions, TimeProvider time)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Profiles <paramref name="file"/> (seekable, read from the start) for <paramref name="version"/> and stores the profile, replacing any the version had.</summary>
    public async Task<Result<ReferenceProfile>> ProfileAsync(
        ModelVersionInfo version, Stream file, TableFormat format, Actor actor, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            if (!(await TableReader.ReadAsync(file, format, version.Signature, cancellationToken)).TryGetValue(out var table, out var error))
                return error;
            if (table.Rows == 0)
                return Error.InvalidInput("The file has a header but no rows.");
            var features = table.Columns.Select(c => new ProfiledColumn(c.Plan.Input.Name, c.Plan.Index, c.Profile())).ToList();
            if (!(await predictions.ProfileAsync(version, table, cancellationToken)).TryGetValue(out var predicted, out error))
                return error;
            var profile = new ReferenceProfile(
                version.Model, version.Version, table.Rows, features, predicted.Rows, predicted.Columns, time.GetUtcNow(), actor.Name);
            var json = JsonSerializer.Serialize(profile, CapstanJson.Options);
            return (await store.SetProfileAsync(ModelName.Parse(version.Model).Value, version.Version, json, actor, cancellationToken)).Map(_ => profile);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Reads a stored profile's JSON.</summary>
    internal static ReferenceProfile Read(StoredProfile stored) => JsonSerializer.Deserialize<ReferenceProfile>(stored.Profile, CapstanJson.Options)!;
}
