using Capstan.Core.Errors;

namespace Capstan.Registry.Stores;

/// <summary>The errors every store gives, worded once so that each implementation says the same thing.</summary>
internal static class StoreErrors
{
    /// <summary>The model does not exist.</summary>
    public static Error ModelNotFound(string model) => Error.NotFound($"Model '{model}' does not exist.");

    /// <summary>The model exists but has no such version.</summary>
    public static Error VersionNotFound(string model, int version) => Error.NotFound($"Model '{model}' has no version {version}.");

    /// <summary>The model exists but every version is archived or deleted.</summary>
    public static Error NoLatestVersion(string model) =>
        Error.NotFound($"Model '{model}' has no version that is not archived.");

    /// <summary>The model exists but has no such alias.</summary>
    public static Error AliasNotFound(string model, string alias) => Error.NotFound($"Model '{model}' has no alias '{alias}'.");

    /// <summary>The alias has never been set, so it has no history.</summary>
    public static Error AliasNeverSet(string model, string alias) =>
        Error.NotFound($"Model '{model}' has never had an alias '{alias}'.");

    /// <summary>The parent named for a new version does not exist.</summary>
    public static Error ParentNotFound(string model, int version) =>
        Error.NotFound($"The parent version {model}:{version} does not exist.");

    /// <summary>A version cannot be deleted while aliases point at it.</summary>
    public static Error DeleteAliased(string model, int version, IReadOnlyList<string> aliases) =>
        Error.Conflict(aliases.Count == 1
            ? $"Version {model}:{version} cannot be deleted while alias '{aliases[0]}' points at it; move or remove the alias first."
            : $"Version {model}:{version} cannot be deleted while aliases {Quote(aliases)} point at it; move or remove them first.");

    /// <summary>A version cannot be deleted while other versions name it as their parent.</summary>
    public static Error DeleteParent(string model, int version, IReadOnlyList<string> children) =>
        Error.Conflict(children.Count == 1
            ? $"Version {model}:{version} cannot be deleted while version {children[0]} names it as its parent; delete that version first."
            : $"Version {model}:{version} cannot be deleted while versions {string.Join(", ", children)} name it as their parent; delete them first.");

    /// <summary>A version cannot be deleted while its model's deployment targets exactly that version.</summary>
    public static Error DeletePinned(string model, int version) =>
        Error.Conflict($"Version {model}:{version} cannot be deleted while the deployment of '{model}' targets it; deploy another target or undeploy first.");

    /// <summary>A version cannot be deleted while its model's deployment reports serving it.</summary>
    public static Error DeleteServing(string model, int version) =>
        Error.Conflict($"Version {model}:{version} cannot be deleted while the deployment of '{model}' serves it; wait until another version serves, or undeploy first.");

    /// <summary>A version cannot be deleted because something came to refer to it while it was being deleted.</summary>
    public static Error DeleteReferenced(string model, int version) =>
        Error.Conflict($"Version {model}:{version} cannot be deleted while an alias or another version's lineage refers to it.");

    /// <summary>The model exists but is not deployed.</summary>
    public static Error NotDeployed(string model) => Error.NotFound($"Model '{model}' is not deployed.");

    /// <summary>The model exists but has never been deployed, so its deployment has no history.</summary>
    public static Error NeverDeployed(string model) => Error.NotFound($"Model '{model}' has never been deployed.");

    /// <summary>A status report names a revision of the deployment other than its current one, so it is not recorded.</summary>
    public static Error StaleReport(string model, long reported, long current) =>
        Error.Conflict($"The deployment of '{model}' is at revision {current}, not {reported}; the status report is stale and was not recorded.");

    /// <summary>The model exists but has never had a rollout.</summary>
    public static Error NoRollout(string model) => Error.NotFound($"Model '{model}' has no rollout.");

    /// <summary>A rollout save names a revision other than the stored one, so someone else changed the rollout first.</summary>
    public static Error StaleRollout(string model, long expected, long current) =>
        Error.Conflict($"The rollout of '{model}' is at revision {current}, not {expected}; it changed meanwhile, so look at it again.");

    /// <summary>There is no alert rule with this name.</summary>
    public static Error AlertRuleNotFound(string name) => Error.NotFound($"There is no alert rule '{name}'.");

    /// <summary>An alert state save names a revision other than the stored one, so another evaluator or a change of the rule came first.</summary>
    public static Error StaleAlert(string name, long expected, long current) =>
        Error.Conflict($"The alert rule '{name}' is at revision {current}, not {expected}; it changed meanwhile, so evaluate it again.");
    /// <summary>The version exists but has no reference profile.</summary>
    public static Error NoProfile(string model, int version) =>
        Error.NotFound($"Version {model}:{version} has no reference profile; upload one with 'capstan profile {model}:{version} --data FILE'.");

    /// <summary>There is no pipeline with this name.</summary>
    public static Error PipelineNotFound(string name) => Error.NotFound($"There is no pipeline '{name}'.");

    /// <summary>A pipeline cannot be deleted while a run of it is queued or running.</summary>
    public static Error PipelineBusy(string name, string run) =>
        Error.Conflict($"Pipeline '{name}' has run {run} queued or running; cancel it or let it end first.");

    /// <summary>There is no run with this id.</summary>
    public static Error RunNotFound(string id) => Error.NotFound($"There is no pipeline run '{id}'.");

    /// <summary>A run's id or trigger key is already taken.</summary>
    public static Error RunExists(string id, string? triggerKey) => Error.AlreadyExists(triggerKey is null
        ? $"A pipeline run with id '{id}' already exists."
        : $"A pipeline run with id '{id}' or trigger '{triggerKey}' already exists.");

    /// <summary>A run save names a revision other than the stored one, so someone else changed the run first.</summary>
    public static Error StaleRun(string id, long expected, long current) =>
        Error.Conflict($"Pipeline run '{id}' is at revision {current}, not {expected}; it changed meanwhile, so look at it again.");

    /// <summary>An API key with this id already exists.</summary>
    public static Error KeyExists(string id) => Error.AlreadyExists($"An API key with id '{id}' already exists.");

    /// <summary>No API key has this id.</summary>
    public static Error KeyNotFound(string id) => Error.NotFound($"There is no API key with id '{id}'.");

    /// <summary>The API key is already revoked.</summary>
    public static Error KeyRevoked(string id) => Error.Conflict($"The API key '{id}' is already revoked.");

    private static string Quote(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));
}
