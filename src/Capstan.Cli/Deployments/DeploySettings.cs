using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Deployments;

/// <summary>The arguments of <c>capstan deploy</c>.</summary>
/// <remarks>Options left out take their defaults, except with <c>--canary</c>, which keeps the current deployment's settings for them.</remarks>
internal sealed class DeploySettings : ClientSettings
{
    /// <summary>The version to deploy, or with <c>--canary</c> the version that gets the canary share; left out with <c>--weights</c>.</summary>
    [CommandArgument(0, "[REF]")]
    [Description("The version: name (the latest), name:N or name@alias; with --canary, the canary version.")]
    public string? Reference { get; init; }

    /// <summary>The share of requests the canary <see cref="Reference"/> gets, the rest staying on the current stable target.</summary>
    [CommandOption("--canary <PERCENT>")]
    [Description("Send PERCENT (1-99) of the requests to REF and the rest to the currently deployed stable version.")]
    public int? Canary { get; init; }

    /// <summary>Explicit variants with weights, the stable one first.</summary>
    [CommandOption("--weights <WEIGHTS>")]
    [Description("Split traffic explicitly, stable version first: e.g. fraud:1=90,fraud:2=10 (weights add up to 100).")]
    public string? Weights { get; init; }

    /// <summary>A version that gets a copy of a share of the requests.</summary>
    [CommandOption("--shadow <REF[=PERCENT]>")]
    [Description("Copy PERCENT (default 100) of the requests to REF in the background; its answers are logged, never returned.")]
    public string? Shadow { get; init; }

    /// <summary>The request header that keeps a caller on one variant.</summary>
    [CommandOption("--sticky-header <HEADER>")]
    [Description("Keep requests with the same value of this header (e.g. x-user-id) on the same variant.")]
    public string? StickyHeader { get; init; }

    /// <summary>The inference parameter that keeps a caller on one variant.</summary>
    [CommandOption("--sticky-param <PARAMETER>")]
    [Description("Keep requests with the same value of this inference parameter (e.g. user-id) on the same variant.")]
    public string? StickyParameter { get; init; }

    /// <summary>The canary's share at each step of a progressive rollout of REF, separated by commas.</summary>
    [CommandOption("--rollout <WEIGHTS>")]
    [Description("Roll REF out progressively from the deployed stable version: the canary's share at each step, e.g. 10,25,50,100; each step is analysed and the rollout advances, or aborts and rolls back, on its own ('capstan rollout status NAME').")]
    public string? Rollout { get; init; }

    /// <summary>How long each rollout step is held before its analysis.</summary>
    [CommandOption("--step <DURATION>")]
    [Description("With --rollout, how long each step is held before it is analysed, e.g. 90s, 5m or 1h (default 5m).")]
    public string? Step { get; init; }

    /// <summary>How many percentage points the canary's error rate may exceed the stable version's.</summary>
    [CommandOption("--max-error-increase <POINTS>")]
    [Description("With --rollout, abort when the canary's error rate exceeds the stable version's by more than POINTS percentage points (default 1).")]
    public double? MaxErrorIncrease { get; init; }

    /// <summary>How many times the stable version's p99 latency the canary's may be.</summary>
    [CommandOption("--max-p99-ratio <RATIO>")]
    [Description("With --rollout, abort when the canary's p99 latency is more than RATIO times the stable version's (default 2).")]
    public double? MaxP99Ratio { get; init; }

    /// <summary>The fewest requests each version must answer in a step before it is judged.</summary>
    [CommandOption("--min-requests <N>")]
    [Description("With --rollout, hold each step until each version answered at least N requests in it (default 20).")]
    public int? MinRequests { get; init; }

    /// <summary>Why the change is made.</summary>
    [CommandOption("--reason <TEXT>")]
    [Description("Why, kept in the deployment's history ('capstan history NAME').")]
    public string? Reason { get; init; }

    /// <summary>The most rows run together.</summary>
    [CommandOption("--max-batch-size <N>")]
    [Description("The most rows run together; 1 (the default) turns dynamic batching off.")]
    public int? MaxBatchSize { get; init; }

    /// <summary>How long a batch waits for more rows.</summary>
    [CommandOption("--max-queue-delay-us <N>")]
    [Description("How long a batch may wait for more rows, in microseconds (default 0: batch what is already queued).")]
    public int? MaxQueueDelayMicroseconds { get; init; }

    /// <summary>The most requests waiting or running.</summary>
    [CommandOption("--max-queue <N>")]
    [Description("The most requests waiting or running; past it requests get 503 (default 1024).")]
    public int? MaxQueueSize { get; init; }

    /// <summary>The outputs to expose, separated by commas.</summary>
    [CommandOption("--outputs <NAMES>")]
    [Description("The outputs to expose, separated by commas, e.g. Probability.output (default: all the model's outputs).")]
    public string? Outputs { get; init; }

    /// <summary>Whether to return without waiting for the server to load the version.</summary>
    [CommandOption("--no-wait")]
    [Description("Return at once instead of waiting until the version serves or fails.")]
    public bool NoWait { get; init; }

    /// <summary>How long to wait for the version to serve.</summary>
    [CommandOption("--timeout <SECONDS>")]
    [Description("How long to wait for the version to serve (default 120).")]
    public int TimeoutSeconds { get; init; } = 120;
}
