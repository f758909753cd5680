using System.Text;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Grpc;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Serving.Validation;
using Google.Protobuf;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>
/// Seeded differential tests: the decoder, which reads a request's bytes itself, refuses exactly the messages Google.Protobuf
/// refuses, and reads every other message as it reads that message re-serialized by Google.Protobuf, with its repeated
/// fields merged, its map keys resolved and its unknown fields kept, as protobuf's rules say.
/// </summary>
/// <remarks>
/// The messages are built from pieces Google.Protobuf serializes, concatenated (which protobuf defines as merging them),
/// with hand-written unpacked values, unknown fields of every wire type, groups and fields of the wrong wire type mixed
/// in, and a third of them then damaged byte by byte. The decoder's reading of re-serialized messages is what the other
/// decoder tests pin down.
/// </remarks>
public sealed class InferRequestDecoderEquivalenceTests
{
    private const int Cases = 4000;

    private static readonly string[] Datatypes = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES", "fp32", "FLOAT"];

    [Fact]
    public void RandomMessages_AreRefusedAndReadAsGoogleProtobufRefusesAndReadsThem()
    {
        var refused = 0;
        var decoded = 0;
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var message = new Pieces(random).Request();
            if (random.Next(3) == 0)
                message = Damage(random, message);
            var limits = random.Next(4) == 0 ? new ServingLimits { MaxInputs = 2, MaxTensorElements = 6 } : new ServingLimits();

            var call = InferRequestDecoder.Decode(message, limits);

            ModelInferRequest? parsed;
            try
            {
                parsed = ModelInferRequest.Parser.ParseFrom(message);
            }
            catch (InvalidProtocolBufferException)
            {
                parsed = null;
            }
            var context = $"seed {seed}, message {Convert.ToHexString(message)}";
            if (parsed is null)
            {
                Assert.True(call.Unreadable is not null, $"accepted what Google.Protobuf refuses: {context}");
                refused++;
                continue;
            }
            Assert.True(call.Unreadable is null, $"refused what Google.Protobuf reads ({call.Unreadable?.Message}): {context}");
            var canonical = InferRequestDecoder.Decode(parsed.ToByteArray(), limits);
            Assert.True(Describe(canonical) == Describe(call), $"{Describe(call)} differs from {Describe(canonical)}: {context}");
            if (call.Request.IsSuccess)
                decoded++;
        }
        Assert.InRange(refused, Cases / 10, Cases / 2);
        Assert.InRange(decoded, Cases / 10, Cases);
    }

    [Theory]
    [InlineData("2A082A0632FFFFFFFF0F", "a packed field whose length is negative as 32 bits holds no values")]
    [InlineData("22010E", "a map entry passes over a tag of wire type 6 and nothing after it")]
    [InlineData("8A8080808080808080000161", "a tag keeps the low 32 bits of its varint")]
    [InlineData("0A818080801061", "a length keeps the low 32 bits of its varint")]
    [InlineData("2A120A01781204424F4F4C18012A0208020A0178", "an unpacked bool of 2 is true, and a repeated name's last value wins")]
    [InlineData("2A140A01781205494E54333218012A06108580808010", "an int32 keeps the low 32 bits of a 64-bit varint")]
    public void Quirks_AreReadAsGoogleProtobufReadsThem(string hex, string quirk)
    {
        var message = Convert.FromHexString(hex);

        var call = InferRequestDecoder.Decode(message, new ServingLimits());
        var canonical = InferRequestDecoder.Decode(ModelInferRequest.Parser.ParseFrom(message).ToByteArray(), new ServingLimits());

        Assert.True(call.Unreadable is null, quirk);
        Assert.Equal(Describe(canonical), Describe(call));
    }

    [Theory]
    [InlineData(98)]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(101)]
    public void DeeplyNestedGroups_AreRefusedFromTheDepthGoogleProtobufRefuses(int depth)
    {
        byte[] Groups(int fieldTagStart, int fieldTagEnd, int inside) =>
            [.. Enumerable.Repeat((byte)fieldTagStart, depth), .. new byte[] { 0x78, (byte)inside }, .. Enumerable.Repeat((byte)fieldTagEnd, depth)];
        var atTop = Groups(0x7B, 0x7C, 1);
        byte[] entry = [0x0A, 0x01, 0x6B, .. Groups(0x7B, 0x7C, 1)];
        byte[] inMapEntry = [0x22, .. Varint((ulong)entry.Length), .. entry];

        foreach (var message in new[] { atTop, inMapEntry })
        {
            var readable = true;
            try
            {
                ModelInferRequest.Parser.ParseFrom(message);
            }
            catch (InvalidProtocolBufferException)
            {
                readable = false;
            }

            Assert.Equal(readable, InferRequestDecoder.Decode(message, new ServingLimits()).Unreadable is null);
        }
    }

    /// <summary>A call as text: its model, version and form, and the request with every tensor's bytes, or the refusal.</summary>
    private static string Describe(ModelInferCall call)
    {
        var text = new StringBuilder($"{call.ModelName}|{call.ModelVersion}|{call.Typed}|{call.Unreadable?.Message}|");
        if (!call.Request.TryGetValue(out var request, out var error))
            return text.Append("refused: ").Append(error.Message).ToString();
        text.Append($"id={request.Id}|outputs={(request.Outputs is null ? "null" : string.Join(",", request.Outputs))}|");
        if (request.Parameters is not null)
            text.Append("parameters=").AppendJoin(",", request.Parameters.Select(p => $"{p.Key}:{p.Value.Value.GetType().Name}:{p.Value.Value}"));
        foreach (var input in request.Inputs)
        {
            text.Append($"|{input.Name} {input.DataType} [{string.Join(",", input.Shape)}] ");
            text.Append(input.Elements is { } elements ? string.Join(",", elements.Select(e => Convert.ToHexString(e.Span))) : Convert.ToHexString(input.Data.Span));
        }
        return text.ToString();
    }

    private static byte[] Damage(Random random, byte[] message)
    {
        var bytes = message.ToList();
        for (var i = random.Next(1, 4); i > 0 && bytes.Count > 0; i--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }
        return [.. bytes];
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return [.. bytes];
    }

    private static byte[] Field(int number, int wireType, byte[] payload) =>
        [.. Varint((ulong)(number << 3 | wireType)), .. wireType == 2 ? Varint((ulong)payload.Length) : [], .. payload];

    /// <summary>Random pieces of a request, each the bytes of one or more fields, which concatenated are one message.</summary>
    private sealed class Pieces(Random random)
    {
        public byte[] Request()
        {
            var pieces = new List<byte[]>();
            var inputs = random.Next(0, 4);
            for (var i = 0; i < inputs; i++)
                pieces.Add(Field(5, 2, Input()));
            if (random.Next(3) == 0)
            {
                for (var i = random.Next(0, 4); i > 0; i--)
                    pieces.Add(new ModelInferRequest { RawInputContents = { ByteString.CopyFrom(Bytes(random.Next(0, 17))) } }.ToByteArray());
            }
            pieces.Add(new ModelInferRequest { ModelName = Text() }.ToByteArray());
            for (var i = random.Next(0, 3); i > 0; i--)
                pieces.Add(Pick(new ModelInferRequest { ModelVersion = Text() }.ToByteArray(), new ModelInferRequest { Id = Text() }.ToByteArray(), Field(2, 2, [])));
            for (var i = random.Next(0, 3); i > 0; i--)
                pieces.Add(Field(4, 2, Entry()));
            for (var i = random.Next(0, 3); i > 0; i--)
                pieces.Add(Field(6, 2, [.. Field(1, 2, Encoding.UTF8.GetBytes(Text())), .. Pick<byte[]>([], Field(2, 2, Entry()), Unknown())]));
            for (var i = random.Next(0, 3); i > 0; i--)
                pieces.Add(Unknown());
            return Shuffled(pieces);
        }

        /// <summary>An input tensor: its fields, perhaps given more than once, and its values split between contents fields and forms.</summary>
        private byte[] Input()
        {
            var datatype = Datatypes[random.Next(Datatypes.Length)];
            var dimensions = Enumerable.Range(0, random.Next(0, 3)).Select(_ => (long)random.Next(0, 4)).ToArray();
            var count = (int)dimensions.Aggregate(1L, (product, d) => product * d) + (random.Next(8) == 0 ? 1 : 0);
            var field = random.Next(10) == 0 ? random.Next(8) : FieldOf(datatype);
            var values = Enumerable.Range(0, count).Select(_ => Value(field)).ToList();
            var pieces = new List<byte[]>
            {
                new ModelInferRequest.Types.InferInputTensor { Name = Text() }.ToByteArray(),
                new ModelInferRequest.Types.InferInputTensor { Datatype = datatype }.ToByteArray(),
            };
            var split = random.Next(dimensions.Length + 1);
            pieces.Add(new ModelInferRequest.Types.InferInputTensor { Shape = { dimensions[..split] } }.ToByteArray());
            pieces.Add([.. dimensions[split..].SelectMany(d => Field(3, 0, Varint((ulong)d)))]);
            for (var given = 0; values.Count > 0 || given == 0; given++)
            {
                var taken = values.Take(random.Next(values.Count + 1)).ToList();
                values.RemoveRange(0, taken.Count);
                pieces.Add(Field(5, 2, Contents(field, taken)));
            }
            if (random.Next(3) == 0)
                pieces.Add(Field(4, 2, Entry()));
            if (random.Next(3) == 0)
                pieces.Add(Unknown());
            if (random.Next(4) == 0)
                pieces.Add(new ModelInferRequest.Types.InferInputTensor { Name = Text() }.ToByteArray());
            return [.. pieces.SelectMany(piece => piece)];
        }

        /// <summary>Values of one contents field, packed by Google.Protobuf, or unpacked by hand, or both.</summary>
        private byte[] Contents(int field, List<ulong> values)
        {
            var cut = random.Next(values.Count + 1);
            var packed = Packed(field, values.Take(cut).ToList());
            var unpacked = values.Skip(cut).SelectMany(v => Unpacked(field, v)).ToArray();
            return [.. packed, .. unpacked, .. random.Next(5) == 0 ? Unknown() : []];
        }

        private static byte[] Packed(int field, List<ulong> values)
        {
            if (values.Count == 0)
                return [];
            var contents = new InferTensorContents();
            switch (field)
            {
                case 0: contents.BoolContents.AddRange(values.Select(v => v != 0)); break;
                case 1: contents.IntContents.AddRange(values.Select(v => (int)v)); break;
                case 2: contents.Int64Contents.AddRange(values.Select(v => (long)v)); break;
                case 3: contents.UintContents.AddRange(values.Select(v => (uint)v)); break;
                case 4: contents.Uint64Contents.AddRange(values); break;
                case 5: contents.Fp32Contents.AddRange(values.Select(v => BitConverter.UInt32BitsToSingle((uint)v))); break;
                case 6: contents.Fp64Contents.AddRange(values.Select(BitConverter.UInt64BitsToDouble)); break;
                default: contents.BytesContents.AddRange(values.Select(v => ByteString.CopyFrom(BitConverter.GetBytes(v)[..(int)(v % 5)]))); break;
            }
            return contents.ToByteArray();
        }

        private static byte[] Unpacked(int field, ulong value) => field switch
        {
            5 => Field(6, 5, BitConverter.GetBytes((uint)value)),
            6 => Field(7, 1, BitConverter.GetBytes(value)),
            7 => Field(8, 2, BitConverter.GetBytes(value)[..(int)(value % 5)]),
            _ => Field(field + 1, 0, Varint(value)),
        };

        /// <summary>A parameter map entry: a key and a value of each kind, or an entry missing either, its fields in either order.</summary>
        private byte[] Entry()
        {
            byte[] key = Field(1, 2, Encoding.UTF8.GetBytes(Pick("a", "b", "a", "é", "")));
            byte[] value = Field(2, 2, random.Next(6) switch
            {
                0 => Field(1, 0, Varint((ulong)random.Next(3))),
                1 => Field(2, 0, Varint(Large())),
                2 => Field(3, 2, Encoding.UTF8.GetBytes(Text())),
                3 => Field(4, 1, BitConverter.GetBytes(Large())),
                4 => Field(5, 0, Varint(Large())),
                _ => [],
            });
            return random.Next(5) switch
            {
                0 => [.. value, .. key],
                1 => key,
                2 => [.. key, .. value, .. Unknown()],
                _ => [.. key, .. value],
            };
        }

        /// <summary>A field the protocol does not declare, or a declared one with the wrong wire type, or a group.</summary>
        private byte[] Unknown() => random.Next(6) switch
        {
            0 => Field(15, 0, Varint(Large())),
            1 => Field(16, 5, Bytes(4)),
            2 => Field(17, 1, Bytes(8)),
            3 => Field(18, 2, Bytes(random.Next(0, 6))),
            4 => [.. Varint(20 << 3 | 3), .. Field(1, 0, [1]), .. Varint(20 << 3 | 4)],
            _ => Field(1, 0, Varint(Large())),
        };

        private ulong Value(int field) => field switch
        {
            0 => (ulong)random.Next(3),
            5 or 6 or 7 => Large(),
            _ => random.Next(3) == 0 ? Large() : (ulong)(random.Next(-300, 70000)),
        };

        private ulong Large() => ((ulong)(uint)random.Next() << 32 | (uint)random.Next()) >> random.Next(64);

        private string Text() => Pick("", "m", "bc", "x", "é€", "名前", "a\u0000b");

        private byte[] Bytes(int count)
        {
            var bytes = new byte[count];
            random.NextBytes(bytes);
            return bytes;
        }

        private T Pick<T>(params T[] choices) => choices[random.Next(choices.Length)];

        private static int FieldOf(string datatype) => datatype switch
        {
            "BOOL" => 0,
            "INT8" or "INT16" or "INT32" => 1,
            "INT64" => 2,
            "UINT8" or "UINT16" or "UINT32" => 3,
            "UINT64" => 4,
            "FP64" => 6,
            "BYTES" => 7,
            _ => 5,
        };

        /// <summary>The pieces concatenated in a random order.</summary>
        private byte[] Shuffled(List<byte[]> pieces) => [.. pieces.OrderBy(_ => random.Next()).SelectMany(piece => piece)];
    }
}
