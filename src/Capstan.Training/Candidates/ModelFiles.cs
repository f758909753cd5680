using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.ML;

namespace Capstan.Training.Candidates;

/// <summary>Writes trained models as byte-for-byte reproducible files: the ML.NET zip with fixed entry times, and the ONNX conversion.</summary>
internal static class ModelFiles
{
    /// <summary>The time every zip entry is stamped with: the earliest a zip can hold, so the file does not depend on when it was written.</summary>
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Saves <paramref name="model"/> with <paramref name="inputSchema"/> to <paramref name="path"/>, rewriting ML.NET's zip so that its entries carry no clock time.</summary>
    public static void SaveMlNet(MLContext ml, ITransformer model, DataViewSchema inputSchema, string path)
    {
        using var saved = new MemoryStream();
        ml.Model.Save(model, inputSchema, saved);
        saved.Position = 0;
        using var source = new ZipArchive(saved, ZipArchiveMode.Read);
        using var file = File.Create(path);
        using var target = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var entry in source.Entries)
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = EntryTime;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }

    /// <summary>Converts <paramref name="model"/> to ONNX at <paramref name="path"/>; null on success, or why ML.NET cannot convert it (the file is then removed).</summary>
    /// <remarks>ML.NET's converter fails on a transform it cannot express in ONNX with whatever exception that transform's code throws (a missing key, an unsupported operation), so every failure but running out of memory or being cancelled counts as "does not convert".</remarks>
    public static string? SaveOnnx(MLContext ml, ITransformer model, IDataView input, string path)
    {
        try
        {
            using (var file = File.Create(path))
                ml.Model.ConvertToOnnx(model, input, file);
            return null;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            File.Delete(path);
            return $"ML.NET cannot convert this pipeline to ONNX: {e.Message}";
        }
    }

    /// <summary>The SHA-256 of the file at <paramref name="path"/> as <c>sha256:&lt;hex&gt;</c>.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
