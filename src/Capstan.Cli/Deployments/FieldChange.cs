namespace Capstan.Cli.Deployments;

/// <summary>One field of a deployment that an apply changes, as text.</summary>
/// <param name="Field">The field: target, variants, shadow, sticky, batching or outputs.</param>
/// <param name="Before">Its value before, or "-" when it had none.</param>
/// <param name="After">Its value after, or "-" when it has none.</param>
internal sealed record FieldChange(string Field, string Before, string After);
