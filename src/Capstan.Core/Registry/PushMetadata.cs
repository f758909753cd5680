namespace Capstan.Core.Registry;

/// <summary>Everything a pusher says about a new version besides the artifact itself.</summary>
/// <param name="Alias">An alias to point at the new version, set in the same transaction.</param>
/// <param name="Metrics">Evaluation metrics.</param>
/// <param name="Params">Training parameters.</param>
/// <param name="Tags">Key-value tags.</param>
/// <param name="Description">Free text about the version.</param>
/// <param name="ModelCard">A model card in Markdown.</param>
/// <param name="Lineage">The code, data and parent version (<c>Parent</c> may be any reference; it is stored resolved).</param>
/// <param name="PushedBy">Who pushes, as the client knows it.</param>
public sealed record PushMetadata(
    string? Alias = null,
    IReadOnlyDictionary<string, double>? Metrics = null,
    IReadOnlyDictionary<string, string>? Params = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    string? Description = null,
    string? ModelCard = null,
    Lineage? Lineage = null,
    string? PushedBy = null);
