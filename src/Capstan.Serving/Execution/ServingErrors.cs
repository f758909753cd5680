using Capstan.Core.Errors;

namespace Capstan.Serving.Execution;

/// <summary>The data plane's errors, worded once.</summary>
public static class ServingErrors
{
    /// <summary>No deployment serves the name.</summary>
    public static Error NotDeployed(string model) => Error.NotFound($"Model '{model}' is not deployed.");

    /// <summary>The model is deployed but the version asked for is not loaded.</summary>
    public static Error VersionNotServed(string model, string version) =>
        Error.NotFound($"Model '{model}' has no version {version} deployed.");

    /// <summary>The model is deployed but no version is ready yet.</summary>
    public static Error NotReady(string model, string why) => Error.NotReady($"Model '{model}' is not ready: {why}.");

    /// <summary>The version's queue is full.</summary>
    public static Error Overloaded(string model, int version, int queueSize) =>
        new(ErrorCode.Overloaded, $"Model '{model}' version {version} already has {queueSize} requests waiting or running; retry later.");

    /// <summary>The cause recorded for a request whose run threw instead of answering.</summary>
    public static Error Unanswered { get; } = Error.Internal("The request threw before it was answered.");

    /// <summary>The runtime failed on a request that passed validation.</summary>
    public static Error RuntimeFailed(string model, int version, string reason) =>
        Error.Internal($"Model '{model}' version {version} failed to run: {reason}");
}
