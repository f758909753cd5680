using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

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

    /// <summary>
    /// Writes an ONNX model computing <c>Y = X + W</c> whose initializer <c>W</c> (one FP32) is external data read from
    /// <paramref name="dataFileName"/> beside the model, and writes that data file too.
    /// </summary>
    public static void WriteExternalDataOnnx(string path, string dataFileName)
    {
        File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(path)!, dataFileName), BitConverter.GetBytes(1.0f));
        var initializer = Message(writer =>
        {
            WriteVarint(writer, 1, 1); // dims: [1]
            WriteVarint(writer, 2, 1); // data_type: FLOAT
            WriteString(writer, 8, "W");
            WriteMessage(writer, 13, Message(entry => { WriteString(entry, 1, "location"); WriteString(entry, 2, dataFileName); }));
            WriteMessage(writer, 13, Message(entry => { WriteString(entry, 1, "length"); WriteString(entry, 2, "4"); }));
            WriteVarint(writer, 14, 1); // data_location: EXTERNAL
        });
        var node = Message(writer =>
        {
            WriteString(writer, 1, "X");
            WriteString(writer, 1, "W");
            WriteString(writer, 2, "Y");
            WriteString(writer, 4, "Add");
        });
        var graph = Message(writer =>
        {
            WriteMessage(writer, 1, node);
            WriteString(writer, 2, "external");
            WriteMessage(writer, 5, initializer);
            WriteMessage(writer, 11, FloatVectorValueInfo("X"));
            WriteMessage(writer, 12, FloatVectorValueInfo("Y"));
        });
        File.WriteAllBytes(path, Message(writer =>
        {
            WriteVarint(writer, 1, 8); // ir_version
            WriteMessage(writer, 8, Message(opset => WriteVarint(opset, 2, 17)));
            WriteMessage(writer, 7, graph);
        }));
    }

    /// <summary>An ONNX <c>ValueInfoProto</c> for an FP32 tensor of shape [1].</summary>
    private static byte[] FloatVectorValueInfo(string name)
    {
        var shape = Message(writer => WriteMessage(writer, 1, Message(dimension => WriteVarint(dimension, 1, 1))));
        var tensor = Message(writer => { WriteVarint(writer, 1, 1); WriteMessage(writer, 2, shape); });
        return Message(writer => { WriteString(writer, 1, name); WriteMessage(writer, 2, Message(type => WriteMessage(type, 1, tensor))); });
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new CodedOutputStream(buffer, leaveOpen: true))
            write(writer);
        return buffer.ToArray();
    }

    private static void WriteVarint(CodedOutputStream writer, int field, long value)
    {
        writer.WriteTag(field, WireFormat.WireType.Varint);
        writer.WriteInt64(value);
    }

    private static void WriteString(CodedOutputStream writer, int field, string value)
    {
        writer.WriteTag(field, WireFormat.WireType.LengthDelimited);
        writer.WriteString(value);
    }

    private static void WriteMessage(CodedOutputStream writer, int field, byte[] message)
    {
        writer.WriteTag(field, WireFormat.WireType.LengthDelimited);
        writer.WriteBytes(ByteString.CopyFrom(message));
    }
}
