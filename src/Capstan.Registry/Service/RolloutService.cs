using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Rollouts;
using Capstan.Core.Security;
using Capstan.Registry.Stores;

namespace Capstan.Registry.Service;

/// <summary>Starts progressive rollouts and carries out their decisions, by hand or from the controller's analyses, each one a rollout change and, where it moves traffic, a deployment revision in the same transaction.</summary>
/// <param name="store">The registry store that holds rollouts and deployments.</param>
/// <param name="deployments">Checks each traffic change as a deployment would be checked.</param>
/// <param name="changes">The signal that wakes this process's reconciler.</param>
/// <param name="time">The clock that dates steps and decisions.</param>
public sealed class RolloutService(IRegistryStore store, DeploymentService deployments, ChangeSignal changes, TimeProvider time)
{
    /// <summary>The actor the controller's decisions are recorded under.</summary>
    public static Actor Controller { get; } = new("rollout-controller");

    /// <summary>Starts a rollout of a canary from the model's deployed stable target: the first step's share goes to the canary at once.</summary>
    /// <remarks>The canary is pinned to the version it names now. Conflict when the model is not deployed or already has a rollout in progress.</remarks>
    public async Task<Result<Rollout>> StartAsync(string? name, RolloutRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (!ModelName.Parse(name).TryGetValue(out var model, out var error))
            return error;
        if (TrafficRules.Reason(request.Reason) is { } badReason)
            return badReason;
        if (!RolloutRules.Steps(request.Steps).TryGetValue(out var steps, out error))
            return error;
        var thresholds = request.Thresholds ?? RolloutThresholds.Default;
        if (RolloutRules.Thresholds(thresholds) is { } badThresholds)
            return badThresholds;
        if (!TrafficRules.Target(model, request.Canary, "canary").TryGetValue(out var canaryReference, out error))
            return error;
        if (!(await store.GetDeploymentAsync(model, cancellationToken)).TryGetValue(out var deployment, out error))
            return error.Code == ErrorCode.NotFound
                ? Error.Conflict($"A rollout starts from the deployed stable version, but: {error.Message} Deploy a stable version first.")
                : error;
        var existing = await store.GetRolloutAsync(model, cancellationToken);
        if (existing.IsSuccess && existing.Value.Active)
            return Error.Conflict(
                $"'{model}' already has a {Name(existing.Value.State)} rollout of {existing.Value.Canary} at step {existing.Value.Step}; promote or abort it first.");
        if (!(await store.ResolveAsync(canaryReference, cancellationToken)).TryGetValue(out var canary, out error)
            || !(await store.ResolveAsync(ModelReference.Parse(deployment.Target).Value, cancellationToken)).TryGetValue(out var stable, out error))
            return error;
        if (canary.Version == stable.Version)
            return Error.InvalidInput(
                $"{canaryReference} is {canary.Reference}, which the stable target {deployment.Target} already serves; give another version as the canary.");
        var now = time.GetUtcNow();
        var first = steps[0].Weight;
        var why = $"started {canary.Reference} from {deployment.Target}: step 1/{steps.Count}, {first}%" + (request.Reason is null ? "" : $"; {request.Reason}");
        var rollout = new Rollout(
            model.Value, deployment.Target, canary.Reference, steps, thresholds, 1, RolloutState.Progressing, now, null,
            [new RolloutDecision(now, actor.Name, RolloutAction.Start, 1, why)], 0, 0, now, actor.Name);
        return await SaveAsync(rollout, existing.IsSuccess ? existing.Value.Revision : 0, deployment, Split(rollout, 1), StepReason(rollout, 1), actor, cancellationToken);
    }

    /// <summary>Gets a model's rollout.</summary>
    public async Task<Result<Rollout>> GetAsync(string? name, CancellationToken cancellationToken) =>
        ModelName.Parse(name).TryGetValue(out var model, out var error) ? await store.GetRolloutAsync(model, cancellationToken) : error;

    /// <summary>Lists the rollouts that are progressing or paused.</summary>
    public Task<IReadOnlyList<Rollout>> ListActiveAsync(CancellationToken cancellationToken) => store.ListActiveRolloutsAsync(cancellationToken);

    /// <summary>Holds a progressing rollout at its step; the traffic stays as it is.</summary>
    public Task<Result<Rollout>> PauseAsync(string? name, RolloutCommand command, Actor actor, CancellationToken cancellationToken) =>
        ByHandAsync(name, command, actor, RolloutAction.Pause, cancellationToken);

    /// <summary>Lets a paused rollout go on; its step's hold starts again.</summary>
    public Task<Result<Rollout>> ResumeAsync(string? name, RolloutCommand command, Actor actor, CancellationToken cancellationToken) =>
        ByHandAsync(name, command, actor, RolloutAction.Resume, cancellationToken);

    /// <summary>Makes the canary the stable target at 100% now, skipping the steps left.</summary>
    public Task<Result<Rollout>> PromoteAsync(string? name, RolloutCommand command, Actor actor, CancellationToken cancellationToken) =>
        ByHandAsync(name, command, actor, RolloutAction.Promote, cancellationToken);

    /// <summary>Sends all the traffic back to the stable target now and ends the rollout.</summary>
    public Task<Result<Rollout>> AbortAsync(string? name, RolloutCommand command, Actor actor, CancellationToken cancellationToken) =>
        ByHandAsync(name, command, actor, RolloutAction.Abort, cancellationToken);

    /// <summary>Carries out the controller's verdict on a step that passed: the next step's share, or the canary promoted after the last step or before a step of 100%.</summary>
    public async Task<Result<Rollout>> AdvanceAsync(Rollout rollout, RolloutAnalysis analysis, CancellationToken cancellationToken)
    {
        var next = rollout.Step + 1;
        if (next > rollout.Steps.Count || rollout.Steps[next - 1].Weight == 100)
        {
            var why = $"step {rollout.Step} passed ({analysis.Summary}); {rollout.Canary} promoted to 100%";
            return await DecideAsync(rollout, RolloutState.Promoted, rollout.Step, RolloutAction.Promote, why, Controller, analysis, (rollout.Canary, null), $"rollout promoted {rollout.Canary}", cancellationToken);
        }
        var reason = $"step {rollout.Step} passed ({analysis.Summary}); step {next}/{rollout.Steps.Count}: {rollout.Steps[next - 1].Weight}%";
        return await DecideAsync(rollout, RolloutState.Progressing, next, RolloutAction.Advance, reason, Controller, analysis, Split(rollout, next), StepReason(rollout, next), cancellationToken);
    }

    /// <summary>Carries out the controller's verdict on a step that failed: all the traffic back to the stable target, with the figures as the reason.</summary>
    public Task<Result<Rollout>> AbortAsync(Rollout rollout, RolloutAnalysis analysis, CancellationToken cancellationToken)
    {
        var why = $"rollout aborted at step {rollout.Step}: {analysis.Summary}";
        return DecideAsync(rollout, RolloutState.Aborted, rollout.Step, RolloutAction.Abort, why, Controller, analysis, (rollout.Stable, null), why, cancellationToken);
    }

    /// <summary>Records an analysis that could not judge the step yet; the step holds on and the traffic stays.</summary>
    public async Task<Result<Rollout>> RecordAsync(Rollout rollout, RolloutAnalysis analysis, CancellationToken cancellationToken) =>
        await store.SaveRolloutAsync(rollout with { LastAnalysis = analysis }, rollout.Revision, null, null, Controller, cancellationToken);

    /// <summary>Ends a rollout whose deployment was changed outside it, leaving the traffic as that change set it.</summary>
    public Task<Result<Rollout>> StopAsync(Rollout rollout, string why, CancellationToken cancellationToken) =>
        DecideAsync(rollout, RolloutState.Aborted, rollout.Step, RolloutAction.Abort, why, Controller, null, null, null, cancellationToken);

    private async Task<Result<Rollout>> ByHandAsync(string? name, RolloutCommand command, Actor actor, RolloutAction action, CancellationToken cancellationToken)
    {
        if (!ModelName.Parse(name).TryGetValue(out var model, out var error))
            return error;
        if (TrafficRules.Reason(command.Reason) is { } badReason)
            return badReason;
        if (!(await store.GetRolloutAsync(model, cancellationToken)).TryGetValue(out var rollout, out error))
            return error;
        var allowed = action switch
        {
            RolloutAction.Pause => rollout.State == RolloutState.Progressing,
            RolloutAction.Resume => rollout.State == RolloutState.Paused,
            _ => rollout.Active,
        };
        if (!allowed)
            return Error.Conflict($"The rollout of {rollout.Canary} is {Name(rollout.State)}, so it cannot be {Past(action)}.");
        var why = $"{Past(action)} by hand at step {rollout.Step}" + (command.Reason is null ? "" : $": {command.Reason}");
        return action switch
        {
            RolloutAction.Pause => await DecideAsync(rollout, RolloutState.Paused, rollout.Step, action, why, actor, null, null, null, cancellationToken),
            RolloutAction.Resume => await DecideAsync(rollout, RolloutState.Progressing, rollout.Step, action, why, actor, null, null, null, cancellationToken),
            RolloutAction.Promote => await DecideAsync(rollout, RolloutState.Promoted, rollout.Step, action, why, actor, null, (rollout.Canary, null), $"rollout {why}", cancellationToken),
            _ => await DecideAsync(rollout, RolloutState.Aborted, rollout.Step, action, why, actor, null, (rollout.Stable, null), $"rollout {why}", cancellationToken),
        };
    }

    private async Task<Result<Rollout>> DecideAsync(
        Rollout rollout, RolloutState state, int step, RolloutAction action, string why, Actor actor, RolloutAnalysis? analysis,
        (string Target, IReadOnlyList<TrafficVariant>? Variants)? traffic, string? deploymentReason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var decided = rollout with
        {
            State = state,
            Step = step,
            StepStartedAt = step != rollout.Step || action == RolloutAction.Resume ? now : rollout.StepStartedAt,
            LastAnalysis = analysis ?? rollout.LastAnalysis,
            History = [.. rollout.History, new RolloutDecision(now, actor.Name, action, step, why)],
        };
        if (traffic is null)
            return await store.SaveRolloutAsync(decided, rollout.Revision, null, null, actor, cancellationToken);
        if (!(await store.GetDeploymentAsync(ModelName.Parse(rollout.Model).Value, cancellationToken)).TryGetValue(out var deployment, out var error))
            return error;
        return await SaveAsync(decided, rollout.Revision, deployment, traffic.Value, deploymentReason, actor, cancellationToken);
    }

    private async Task<Result<Rollout>> SaveAsync(
        Rollout rollout, long expectedRevision, Deployment current, (string Target, IReadOnlyList<TrafficVariant>? Variants) traffic, string? reason,
        Actor actor, CancellationToken cancellationToken)
    {
        var model = ModelName.Parse(rollout.Model).Value;
        var request = new DeploymentRequest(traffic.Target, current.Batching, current.Outputs, traffic.Variants, current.Shadow, current.Sticky, reason);
        if (!(await deployments.CheckAsync(model, request, cancellationToken)).TryGetValue(out var spec, out var error))
            return error;
        var saved = await store.SaveRolloutAsync(rollout, expectedRevision, spec, reason, actor, cancellationToken);
        if (saved.IsSuccess)
            changes.Notify();
        return saved;
    }

    private static (string Target, IReadOnlyList<TrafficVariant>? Variants) Split(Rollout rollout, int step)
    {
        var weight = rollout.Steps[step - 1].Weight;
        return (rollout.Stable, [new TrafficVariant(rollout.Stable, 100 - weight), new TrafficVariant(rollout.Canary, weight)]);
    }

    private static string StepReason(Rollout rollout, int step) =>
        string.Create(CultureInfo.InvariantCulture, $"rollout step {step}/{rollout.Steps.Count}: {rollout.Steps[step - 1].Weight}%");

    private static string Name(RolloutState state) => state.ToString().ToLowerInvariant();

    private static string Past(RolloutAction action) => action switch
    {
        RolloutAction.Pause => "paused",
        RolloutAction.Resume => "resumed",
        RolloutAction.Promote => "promoted",
        _ => "aborted",
    };
}
