using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Capstan.Registry.Stores;

/// <summary>A version's reference profile as the store keeps it: the JSON text and who stored it when.</summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The version.</param>
/// <param name="Profile">The profile, JSON text as monitoring wrote it.</param>
/// <param name="UpdatedAt">When it was stored.</param>
/// <param name="UpdatedBy">Who stored it.</param>
public sealed record StoredProfile(string Model, int Version, [property: JsonIgnore] string Profile, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    /// <summary>The size of <see cref="Profile"/> in UTF-8 bytes.</summary>
    public long SizeBytes => Encoding.UTF8.GetByteCount(Profile);

    /// <summary>The SHA-256 of <see cref="Profile"/>'s UTF-8 bytes, as 64 lowercase hex digits.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Profile)));
}
