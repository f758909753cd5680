using Capstan.Core.Registry;

namespace Capstan.Cli.Deployments;

/// <summary>What <c>capstan apply</c> did: the fields it changed, none when the deployment already matched the file.</summary>
/// <param name="Model">The model.</param>
/// <param name="Changes">Each changed field with its value before and after; empty when unchanged.</param>
/// <param name="Deployment">The deployment as it is now.</param>
internal sealed record ApplyResult(string Model, IReadOnlyList<FieldChange> Changes, Deployment Deployment);
