using System.Security.Cryptography;
using Capstan.Client.Transfers;

namespace Capstan.Client.Tests.Transfers;

public sealed class ReprDigestTests
{
    private static readonly byte[] Digest = SHA256.HashData("model"u8);
    private static readonly string Base64 = Convert.ToBase64String(Digest);

    [Fact]
    public void ParseSha256_ReadsAByteSequence()
    {
        Assert.Equal(Digest, ReprDigest.ParseSha256($"sha-256=:{Base64}:"));
    }

    [Fact]
    public void ParseSha256_FindsSha256AmongOtherAlgorithms()
    {
        Assert.Equal(Digest, ReprDigest.ParseSha256($"sha-512=:AAAA:, SHA-256 = :{Base64}:"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha-512=:AAAA:")]
    [InlineData("sha-256=AAAA")]
    [InlineData("sha-256=:not base64!:")]
    [InlineData("sha-256=:AAAA:")]
    public void ParseSha256_GivesNothingForAMissingOrMalformedDigest(string header)
    {
        Assert.Null(ReprDigest.ParseSha256(header));
    }
}
