using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Capstan.Core.Security;
using Capstan.Registry.Stores;

namespace Capstan.Registry.Audit;

/// <summary>The one canonical form of an audit entry and the hash that chains it, used by every writer and by the verifier.</summary>
/// <remarks>
/// The canonical form is the UTF-8 of a compact JSON array, written with <see cref="Utf8JsonWriter"/>'s default
/// escaping, of these fields in this order: sequence (a number), time (a string <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>,
/// UTC to the microsecond, which both SQLite text and PostgreSQL <c>timestamptz</c> keep exactly), actor name, actor
/// key id, actor address, action, target, model, before, after (strings, or null when absent). The hash is the
/// lowercase hex SHA-256 of the previous entry's hash (64 ASCII hex digits) followed by the canonical form.
/// </remarks>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry: 64 zeros.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>The canonical bytes of <paramref name="entry"/>: every field but its hashes.</summary>
    public static byte[] Canonical(AuditEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(entry.Sequence);
            writer.WriteStringValue(FormatTime(entry.Time));
            writer.WriteStringValue(entry.Actor.Name);
            WriteNullable(writer, entry.Actor.KeyId);
            WriteNullable(writer, entry.Actor.Address);
            writer.WriteStringValue(entry.Action);
            writer.WriteStringValue(entry.Target);
            WriteNullable(writer, entry.Model);
            WriteNullable(writer, entry.Before);
            WriteNullable(writer, entry.After);
            writer.WriteEndArray();
        }
        return buffer.ToArray();
    }

    /// <summary>The hash <paramref name="entry"/> should carry: SHA-256 of its previous hash followed by its canonical form.</summary>
    public static string ComputeHash(AuditEntry entry)
    {
        var previous = Encoding.ASCII.GetBytes(entry.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData([.. previous, .. Canonical(entry)]));
    }

    /// <summary>The entry that follows <paramref name="previousHash"/> at <paramref name="sequence"/>, with its time normalized and its hash computed.</summary>
    public static AuditEntry Next(
        long sequence, string previousHash, DateTimeOffset time, Actor actor, string action, string target, string? model, string? before, string? after)
    {
        var entry = new AuditEntry(sequence, StoreClock.Normalize(time), actor, action, target, model, before, after, previousHash, "");
        return entry with { Hash = ComputeHash(entry) };
    }

    /// <summary>A time as the canonical form writes it.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        StoreClock.Normalize(time).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static void WriteNullable(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
            writer.WriteNullValue();
        else
            writer.WriteStringValue(value);
    }
}
