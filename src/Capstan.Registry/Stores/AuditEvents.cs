using System.Text.Json;
using Capstan.Core.Alerts;
using Capstan.Core.Feedback;
using Capstan.Core.Pipelines;
using Capstan.Core.Registry;
using Capstan.Core.Rollouts;
using Capstan.Core.Security;
using Capstan.Core.Serialization;

namespace Capstan.Registry.Stores;

/// <summary>The audit event of each store write, worded once so that every store records the same action, target and states.</summary>
/// <remarks>Before and after are the records as the API returns them, in Capstan's JSON; a key's secret and its hash are never in them.</remarks>
internal static class AuditEvents
{
    /// <summary>A new version, pushed.</summary>
    public static AuditEvent Pushed(ModelVersionInfo version) => new("version.push", version.Reference, version.Model, null, Json(version));

    /// <summary>A model's description or tags, changed.</summary>
    public static AuditEvent ModelUpdated(ModelInfo before, ModelInfo after) => new("model.update", after.Name, after.Name, Json(before), Json(after));

    /// <summary>A version, archived or brought back.</summary>
    public static AuditEvent Archived(ModelVersionInfo before, ModelVersionInfo after) =>
        new(after.Archived ? "version.archive" : "version.unarchive", after.Reference, after.Model, Json(before), Json(after));

    /// <summary>A version, deleted.</summary>
    public static AuditEvent Deleted(ModelVersionInfo version) => new("version.delete", version.Reference, version.Model, Json(version), null);

    /// <summary>An alias, created or moved.</summary>
    public static AuditEvent AliasSet(AliasInfo? before, AliasInfo after) =>
        new("alias.set", $"{after.Model}@{after.Alias}", after.Model, before is null ? null : Json(before), Json(after));

    /// <summary>An alias, removed.</summary>
    public static AuditEvent AliasRemoved(AliasInfo removed) =>
        new("alias.remove", $"{removed.Model}@{removed.Alias}", removed.Model, Json(removed), null);

    /// <summary>A deployment, created or replaced.</summary>
    public static AuditEvent DeploymentSet(Deployment? before, Deployment after) =>
        new("deployment.set", after.Model, after.Model, before is null ? null : Json(before), Json(after));

    /// <summary>A deployment, returned to an earlier revision's spec.</summary>
    public static AuditEvent DeploymentRolledBack(Deployment? before, Deployment after) =>
        new("deployment.rollback", after.Model, after.Model, before is null ? null : Json(before), Json(after));

    /// <summary>A deployment, removed.</summary>
    public static AuditEvent DeploymentRemoved(Deployment removed) => new("deployment.remove", removed.Model, removed.Model, Json(removed), null);

    /// <summary>A version's reference profile, stored or replaced; the states are its size and digest, not its text.</summary>
    public static AuditEvent ProfileSet(StoredProfile? before, StoredProfile after) =>
        new("profile.set", $"{after.Model}:{after.Version}", after.Model, before is null ? null : Json(before), Json(after));

    /// <summary>A rollout, started or changed: <c>rollout.ACTION</c> after the decision it added, or <c>rollout.analysis</c> when it only recorded an analysis.</summary>
    public static AuditEvent RolloutSaved(Rollout? before, Rollout after)
    {
        var decided = before is null || before.StartedAt != after.StartedAt || after.History.Count > before.History.Count;
        var action = decided ? Json(after.History[^1].Action).Trim('"') : "analysis";
        return new($"rollout.{action}", after.Model, after.Model, before is null ? null : Json(before), Json(after));
    }

    /// <summary>An alert rule, created or replaced.</summary>
    public static AuditEvent AlertRuleSet(AlertRule? before, AlertRule after) =>
        new("alert.rule.set", after.Name, after.Model, before is null ? null : Json(before), Json(after));

    /// <summary>An alert rule, deleted with its state and history.</summary>
    public static AuditEvent AlertRuleDeleted(AlertRule deleted) => new("alert.rule.delete", deleted.Name, deleted.Model, Json(deleted), null);
    /// <summary>Ground-truth labels for a model, posted in one batch: the count stored and how many replaced earlier labels, never the labels themselves.</summary>
    public static AuditEvent FeedbackAdded(FeedbackReceipt receipt) =>
        new("feedback.add", receipt.Model, receipt.Model, null, Json(new { count = receipt.Received, replaced = receipt.Replaced }));

    /// <summary>A pipeline's spec, applied.</summary>
    public static AuditEvent PipelineSet(PipelineInfo? before, PipelineInfo after) =>
        new("pipeline.set", after.Name, after.Model, before is null ? null : Json(before), Json(after));

    /// <summary>A pipeline, deleted.</summary>
    public static AuditEvent PipelineDeleted(PipelineInfo deleted) => new("pipeline.delete", deleted.Name, deleted.Model, Json(deleted), null);

    /// <summary>A run, queued.</summary>
    public static AuditEvent RunQueued(PipelineRun run) => new("pipeline.run", run.Id, run.Model, null, Json(run));

    /// <summary>A run, changed by a person (such as a cancellation).</summary>
    public static AuditEvent RunUpdated(PipelineRun before, PipelineRun after) => new("pipeline.run.update", after.Id, after.Model, Json(before), Json(after));

    /// <summary>An API key, created.</summary>
    public static AuditEvent KeyCreated(ApiKeyInfo key) => new("key.create", key.Id, null, null, Json(key));

    /// <summary>An API key, revoked.</summary>
    public static AuditEvent KeyRevoked(ApiKeyInfo before, ApiKeyInfo after) => new("key.revoke", after.Id, null, Json(before), Json(after));

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, CapstanJson.Options);
}
