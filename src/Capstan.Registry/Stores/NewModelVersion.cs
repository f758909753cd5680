using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Signatures;

namespace Capstan.Registry.Stores;

/// <summary>A checked version, ready for the store to number and record.</summary>
/// <param name="Name">The model; created on its first version.</param>
/// <param name="Format">The artifact format.</param>
/// <param name="SizeBytes">The artifact size.</param>
/// <param name="Sha256">The artifact's SHA-256, 64 lowercase hex digits; the artifact is already in the artifact store.</param>
/// <param name="Signature">The signature read from the artifact.</param>
/// <param name="Metrics">Evaluation metrics.</param>
/// <param name="Params">Training parameters.</param>
/// <param name="Tags">Tags.</param>
/// <param name="Description">Free text.</param>
/// <param name="ModelCard">A Markdown model card.</param>
/// <param name="Lineage">Lineage; <see cref="Lineage.Parent"/> is ignored in favour of <paramref name="Parent"/>.</param>
/// <param name="Parent">The parent version, already resolved to a number; the store refuses it if it does not exist.</param>
/// <param name="PushedBy">Who pushed it: the version records its name, the audit entry all of it.</param>
/// <param name="Alias">An alias to point at the new version in the same transaction.</param>
public sealed record NewModelVersion(
    ModelName Name,
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
    (ModelName Name, int Version)? Parent,
    Actor PushedBy,
    AliasName? Alias);
