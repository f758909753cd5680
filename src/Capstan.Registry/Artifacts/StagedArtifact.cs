namespace Capstan.Registry.Artifacts;

/// <summary>An upload written in full to local temporary storage, hashed, and not yet visible in the store.</summary>
/// <param name="LocalPath">Where the bytes are, for inspection.</param>
/// <param name="SizeBytes">The number of bytes.</param>
/// <param name="Sha256">The SHA-256 of the bytes, 64 lowercase hex digits.</param>
public sealed record StagedArtifact(string LocalPath, long SizeBytes, string Sha256);
