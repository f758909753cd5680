using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Deployments;

/// <summary>The arguments of <c>capstan deploy</c>.</summary>
internal sealed class DeploySettings : ReferenceSettings
{
    /// <summary>The most rows run together.</summary>
    [CommandOption("--max-batch-size <N>")]
    [Description("The most rows run together; 1 (the default) turns dynamic batching off.")]
    public int MaxBatchSize { get; init; } = 1;

    /// <summary>How long a batch waits for more rows.</summary>
    [CommandOption("--max-queue-delay-us <N>")]
    [Description("How long a batch may wait for more rows, in microseconds (default 0: batch what is already queued).")]
    public int MaxQueueDelayMicroseconds { get; init; }

    /// <summary>The most requests waiting or running.</summary>
    [CommandOption("--max-queue <N>")]
    [Description("The most requests waiting or running; past it requests get 503 (default 1024).")]
    public int MaxQueueSize { get; init; } = 1024;

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
