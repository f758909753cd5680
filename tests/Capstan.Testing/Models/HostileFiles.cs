using System.Buffers.Binary;
using System.IO.Compression;

namespace Capstan.Testing.Models;

/// <summary>Writes the files an inspector must refuse: zip bombs, lying and unsafe zips, broken ONNX.</summary>
internal static class HostileFiles
{
    private const int LocalHeaderUncompressedSizeOffset = 22;
    private const int CentralHeaderUncompressedSizeOffset = 24;
    private const int EndOfCentralDirectoryOffsetField = 16;
    private const int EndOfCentralDirectoryLength = 22;

    public static void WriteZip(string path, params string[] entryNames)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var name in entryNames)
        {
            using var stream = archive.CreateEntry(name).Open();
            stream.Write("content"u8);
        }
    }

    /// <summary>Writes an ML.NET-looking zip plus an entry marked as a Unix symbolic link (mode 0120777) whose content is <paramref name="target"/>.</summary>
    public static void WriteSymlinkZip(string path, string linkName, string target)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var key = archive.CreateEntry("TransformerChain/Model.key").Open())
            key.Write("content"u8);
        var link = archive.CreateEntry(linkName);
        link.ExternalAttributes = unchecked((int)(0xA1FFu << 16));
        using var stream = link.Open();
        stream.Write(System.Text.Encoding.UTF8.GetBytes(target));
    }

    public static void WriteZipBomb(string path)
    {
        var zeros = new byte[1 << 20];
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        for (var part = 0; part < 10; part++)
        {
            using var stream = archive.CreateEntry($"TransformerChain/Model/Part{part}.bin", CompressionLevel.Optimal).Open();
            for (var mebibyte = 0; mebibyte < 1024; mebibyte++)
                stream.Write(zeros);
        }
    }

    /// <summary>Writes one entry of 16 MiB of zeros, then rewrites its declared size to 1,024 in both headers.</summary>
    public static void WriteLyingHeaderZip(string path)
    {
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var stream = archive.CreateEntry("TransformerChain/Model.key", CompressionLevel.Optimal).Open())
            stream.Write(new byte[16 << 20]);
        var bytes = File.ReadAllBytes(path);
        var centralDirectory = BinaryPrimitives.ReadInt32LittleEndian(
            bytes.AsSpan(bytes.Length - EndOfCentralDirectoryLength + EndOfCentralDirectoryOffsetField));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(LocalHeaderUncompressedSizeOffset), 1024);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(centralDirectory + CentralHeaderUncompressedSizeOffset), 1024);
        File.WriteAllBytes(path, bytes);
    }

    public static void WriteTruncated(string source, string path)
    {
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
    }

    public static void WriteRandomBytes(string path)
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
    }
}
