using Capstan.Core.Signatures;

namespace Capstan.Core.Registry;

/// <summary>One immutable version of a model, with everything recorded when it was pushed.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version number, allocated by the store: 1, 2, 3, ... per model.</param>
/// <param name="Format">The artifact format.</param>
/// <param name="SizeBytes">The artifact size in bytes.</param>
/// <param name="Sha256">The artifact's SHA-256 as 64 lowercase hex digits.</param>
/// <param name="Signature">The inputs and outputs read from the artifact.</param>
/// <param name="Metrics">Evaluation metrics such as <c>auc</c>.</param>
/// <param name="Params">Training parameters.</param>
/// <param name="Tags">Key-value tags.</param>
/// <param name="Description">Free text about the version.</param>
/// <param name="ModelCard">A model card in Markdown.</param>
/// <param name="Lineage">The code, data and parent version it came from.</param>
/// <param name="PushedBy">Who pushed it.</param>
/// <param name="CreatedAt">When it was pushed.</param>
/// <param name="Archived">Whether it is hidden from listings (it still resolves by number).</param>
/// <param name="Aliases">The aliases that point at it now.</param>
public sealed record ModelVersionInfo(
    string Model,
    int Version,
    ModelFormat Format,
    long SizeBytes,
    string Sha256,
    ModelSignature Signature,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags,
    string? Description,
    string? ModelCard,
    Lineage Lineage,
    string PushedBy,
    DateTimeOffset CreatedAt,
    bool Archived,
    IReadOnlyList<string> Aliases)
{
    /// <summary>The reference that names exactly this version, <c>name:N</c>.</summary>
    public string Reference => $"{Model}:{Version}";
}
