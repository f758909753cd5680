namespace Capstan.Training.Pipelines;

/// <summary>A model file a run wrote and its SHA-256.</summary>
/// <param name="Path">The full path of the file.</param>
/// <param name="Sha256">The file's SHA-256 as <c>sha256:&lt;hex&gt;</c>; the same data, spec and seed give the same value.</param>
public sealed record ModelFile(string Path, string Sha256);
