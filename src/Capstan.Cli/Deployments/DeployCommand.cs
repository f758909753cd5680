using Capstan.Cli.Application;
using Capstan.Cli.Rollouts;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Deployments;

/// <summary><c>capstan deploy REF</c>: makes the model serve a version (or follow an alias), or split traffic with a canary, weights, a shadow and a sticky key, or starts a progressive rollout, and waits until it serves or fails.</summary>
internal sealed class DeployCommand(Terminal terminal) : ClientCommand<DeploySettings, Deployment>(terminal)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <inheritdoc />
    protected override async Task<Result<Deployment>> RunAsync(CapstanClient client, DeploySettings settings, CancellationToken cancellationToken)
    {
        if (!(await ChangeAsync(client, settings, cancellationToken)).TryGetValue(out var deployment, out var error))
            return error;
        if (settings.NoWait)
            return deployment;
        return Terminal.IsInteractive && !settings.Json
            ? await Terminal.Output.Status().StartAsync($"Loading {Markup.Escape(DeploymentView.Traffic(DeploymentSpec.Of(deployment)))}…", _ => WaitAsync(client, deployment, settings.TimeoutSeconds, cancellationToken))
            : await WaitAsync(client, deployment, settings.TimeoutSeconds, cancellationToken);
    }

    /// <inheritdoc />
    protected override void Render(Deployment output) => DeploymentView.Render(Terminal.Output, output);

    /// <summary>Deploys what the options describe, or starts a rollout with <c>--rollout</c>, and returns the deployment it left.</summary>
    private static async Task<Result<Deployment>> ChangeAsync(CapstanClient client, DeploySettings settings, CancellationToken cancellationToken)
    {
        if (!RolloutArguments.Any(settings))
            return (await TrafficArguments.RequestAsync(settings, name => client.GetDeploymentAsync(name.Value, cancellationToken))).TryGetValue(out var wanted, out var invalid)
                ? await client.DeployAsync(wanted.Model.Value, wanted.Request, cancellationToken)
                : invalid;
        if (!RolloutArguments.Request(settings).TryGetValue(out var rollout, out var error)
            || !(await client.StartRolloutAsync(rollout.Model.Value, rollout.Request, cancellationToken)).TryGetValue(out _, out error))
            return error;
        return await client.GetDeploymentAsync(rollout.Model.Value, cancellationToken);
    }

    private static async Task<Result<Deployment>> WaitAsync(CapstanClient client, Deployment deployed, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            if (!(await client.GetDeploymentAsync(deployed.Model, cancellationToken)).TryGetValue(out var current, out var error))
                return error;
            if (current.Revision != deployed.Revision)
                return current;
            if (current.Status.State == DeploymentState.Ready)
                return current;
            if (current.Status.State == DeploymentState.Failed)
                return Error.Conflict($"{current.Target} did not deploy: {current.Status.Reason}");
            if (DateTime.UtcNow >= deadline)
                return Error.NotReady($"{current.Target} is still {current.Status.State.ToString().ToLowerInvariant()} after {timeoutSeconds} s; see 'capstan deployments'.");
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
