using System.Buffers;
using System.Security.Cryptography;
using Capstan.Core.Errors;
using Capstan.Core.Registry;

namespace Capstan.Client.Transfers;

/// <summary>Copies an artifact response body to a stream while hashing it, and checks the hash against <c>Repr-Digest</c>.</summary>
internal static class ArtifactReceiver
{
    /// <summary>Copies the body of <paramref name="response"/> to <paramref name="destination"/> and verifies it.</summary>
    /// <remarks>On a digest mismatch the bytes are already in <paramref name="destination"/>; the caller discards them.</remarks>
    public static async Task<Result<DownloadedArtifact>> ReceiveAsync(
        HttpResponseMessage response, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var expected = ReprDigest.FromResponse(response);
        if (expected is null)
            return Error.Internal($"The server sent the artifact without a valid {ReprDigest.HeaderName} header, so it cannot be verified.");
        var reference = response.Headers.TryGetValues(VersionHeader.Name, out var values) ? values.First() : "";

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var received = await CopyAsync(response, destination, hash, progress, cancellationToken);
        var actual = hash.GetHashAndReset();
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
            return Error.Internal(
                $"The artifact {reference} does not match its digest (expected sha256 {Convert.ToHexStringLower(expected)}, " +
                $"received {Convert.ToHexStringLower(actual)}); it was discarded.");
        var disposition = response.Content.Headers.ContentDisposition;
        var fileName = (disposition?.FileNameStar ?? disposition?.FileName)?.Trim('"');
        return new DownloadedArtifact(reference, fileName, received, Convert.ToHexStringLower(actual));
    }

    private static async Task<long> CopyAsync(
        HttpResponseMessage response, Stream destination, IncrementalHash hash, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(ProgressContent.ChunkSize);
        try
        {
            long received = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, ProgressContent.ChunkSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                received += read;
                progress?.Report(received);
            }
            return received;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
