namespace Capstan.Core.Registry;

/// <summary>The body that deploys a model: what to serve and how to batch it.</summary>
/// <param name="Target">A reference of the deployed model: <c>name:N</c>, <c>name@alias</c> or <c>name</c>.</param>
/// <param name="Batching">Batching settings; the defaults when null.</param>
/// <param name="Outputs">The outputs to expose, such as just the probability of a converted model that also copies its inputs out; null for all.</param>
public sealed record DeploymentRequest(string Target, BatchingSettings? Batching = null, IReadOnlyList<string>? Outputs = null);
