using System.Buffers;
using System.IO.Compression;
using System.IO.Hashing;
using Capstan.Core.Errors;
using Capstan.Core.Naming;

namespace Capstan.Runtime.Inspection;

/// <summary>Checks that a zip is safe to hand to ML.NET, which decompresses every entry it reads to a temporary file.</summary>
/// <remarks>
/// First from the central directory alone: the entry count, every entry name (no absolute path, '..' segment,
/// backslash, ':' or control character, no duplicate ignoring case), each large entry's compression ratio and the
/// declared total, so that a zip bomb is refused without decompressing a byte. Then every entry is decompressed into
/// a small pooled buffer, nothing kept, counting the bytes against the declared size and checking the CRC-32.
/// .NET stops reading an entry at its declared size, so a header that understates the size shows as a CRC mismatch;
/// one that overstates it shows as a short read. Decompression costs time in proportion to the declared total, which
/// the limits bound.
/// </remarks>
internal static class ZipSafety
{
    private const int BufferSize = 81_920;

    /// <summary>Returns the entry names of the zip in <paramref name="zip"/> when it is within <paramref name="limits"/>.</summary>
    public static Result<IReadOnlyList<string>> Check(Stream zip, ZipLimits limits, CancellationToken cancellationToken)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException exception)
        {
            return Refuse($"it is not a readable zip ({exception.Message})");
        }
        using (archive)
        {
            var entries = archive.Entries;
            if (entries.Count > limits.MaxEntries)
                return Refuse($"it has {entries.Count:N0} entries; at most {limits.MaxEntries:N0} are allowed");
            var names = new List<string>(entries.Count);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            long declaredTotal = 0;
            foreach (var entry in entries)
            {
                var name = entry.FullName;
                if (UnsafeNameReason(name) is { } reason)
                    return Refuse($"the entry name '{NameRules.Printable(name)}' {reason}");
                if (IsSymbolicLink(entry))
                    return Refuse($"the entry '{NameRules.Printable(name)}' is a symbolic link; a model holds only files");
                if (!seen.Add(name))
                    return Refuse($"the entry '{NameRules.Printable(name)}' appears more than once (names are compared ignoring case)");
                if (ExceedsRatio(entry, limits))
                    return Refuse($"the entry '{NameRules.Printable(name)}' expands from {entry.CompressedLength:N0} to {entry.Length:N0} bytes; entries over {limits.CompressionRatioThresholdBytes:N0} bytes may expand at most {limits.MaxCompressionRatio:N0} times");
                if (entry.Length < 0 || entry.Length > limits.MaxUncompressedBytes - declaredTotal)
                    return Refuse($"its entries expand to more than {limits.MaxUncompressedBytes:N0} bytes");
                declaredTotal += entry.Length;
                names.Add(name);
            }
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                foreach (var entry in entries)
                {
                    if (ContentProblem(entry, buffer, cancellationToken) is { } problem)
                        return Refuse(problem);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            return names;
        }
    }

    /// <summary>Whether the entry's Unix mode (the high 16 bits of its external attributes) marks a symbolic link.</summary>
    private static bool IsSymbolicLink(ZipArchiveEntry entry) => ((entry.ExternalAttributes >> 16) & 0xF000) == 0xA000;

    private static Error Refuse(string reason) => Error.InvalidInput($"The zip is not a safe ML.NET model: {reason}.");

    private static string? UnsafeNameReason(string name)
    {
        if (name.Length == 0)
            return "is empty";
        if (name[0] == '/')
            return "is an absolute path";
        if (name.Contains('\\'))
            return "contains a backslash";
        if (name.Contains(':'))
            return "contains ':' (a drive letter or a stream name)";
        if (name.Any(char.IsControl))
            return "contains a control character";
        if (name.Split('/').Contains(".."))
            return "has a '..' segment";
        return null;
    }

    private static bool ExceedsRatio(ZipArchiveEntry entry, ZipLimits limits) =>
        entry.Length > limits.CompressionRatioThresholdBytes
        && (double)entry.Length / Math.Max(1, entry.CompressedLength) > limits.MaxCompressionRatio;

    private static string? ContentProblem(ZipArchiveEntry entry, byte[] buffer, CancellationToken cancellationToken)
    {
        var name = NameRules.Printable(entry.FullName);
        var crc = new Crc32();
        long total = 0;
        try
        {
            using var stream = entry.Open();
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                total += read;
                if (total > entry.Length)
                    return $"the entry '{name}' decompresses to more than the {entry.Length:N0} bytes its header declares";
                crc.Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or NotSupportedException)
        {
            return $"the entry '{name}' cannot be decompressed ({exception.Message})";
        }
        if (total != entry.Length)
            return $"the entry '{name}' decompresses to {total:N0} bytes, not the {entry.Length:N0} its header declares";
        if (crc.GetCurrentHashAsUInt32() != entry.Crc32)
            return $"the entry '{name}' does not match its CRC-32, so its header misstates its size or its data is corrupt";
        return null;
    }
}
