namespace Capstan.Core.Registry;

/// <summary>A change to a model's mutable fields; a null field is left as it is.</summary>
/// <param name="Description">The new description.</param>
/// <param name="Tags">The new tags, replacing the old set.</param>
public sealed record ModelUpdate(string? Description = null, IReadOnlyDictionary<string, string>? Tags = null);
