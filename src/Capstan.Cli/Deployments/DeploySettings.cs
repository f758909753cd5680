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
