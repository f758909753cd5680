namespace Capstan.Client.Transfers;

/// <summary>An artifact that was downloaded and verified against the digest the server sent.</summary>
/// <param name="Reference">The exact version the server sent, as <c>name:N</c>.</param>
/// <param name="FileName">The file name the server suggested, such as <c>fraud-3.onnx</c>, if any.</param>
/// <param name="SizeBytes">How many bytes were received.</param>
/// <param name="Sha256">The verified SHA-256 of the bytes, as 64 lowercase hex digits.</param>
/// <param name="Path">The full path of the file written, when the artifact was downloaded to a file.</param>
public sealed record DownloadedArtifact(string Reference, string? FileName, long SizeBytes, string Sha256, string? Path = null);
