using System.Runtime.InteropServices;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Grpc;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Serving.Validation;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>Seeded property tests: random tensors of every datatype survive protobuf → Core → protobuf in the typed and the raw form, and the response's bytes are those Google.Protobuf writes for the same message.</summary>
public sealed class GrpcCodecPropertyTests
{
    private static readonly ServingLimits Limits = new();

    private static readonly Config Seeded = Config.QuickThrowOnFailure.WithMaxTest(300)
        .WithReplay(new Replay(new Rnd(20261130UL), Microsoft.FSharp.Core.FSharpOption<int>.None));

    [Fact]
    public void RandomTensorsOfEveryTypedDatatype_SurviveTypedContentsBothWays()
    {
        Prop.ForAll(Requests(Enum.GetValues<TensorDataType>().Where(t => t != TensorDataType.Fp16)).ToArbitrary(), samples =>
        {
            var request = new ModelInferRequest { ModelName = "m" };
            foreach (var sample in samples)
                request.Inputs.Add(sample.Header(contents: sample.Typed()));

            var decoded = InferRequests.Decode(request, Limits).Value;
            var encoded = InferReplies.Bytes(InferResponseEncoder.Reply(new InferenceResponse("m", "1", null, decoded.Inputs), typed: true));

            var expected = new ModelInferResponse { ModelName = "m", ModelVersion = "1" };
            foreach (var sample in samples)
            {
                sample.AssertMatches(decoded.Inputs[expected.Outputs.Count]);
                expected.Outputs.Add(sample.Output(contents: sample.Typed()));
            }
            Assert.Equal(expected.ToByteArray(), encoded);
        }).Check(Seeded);
    }

    [Fact]
    public void RandomTensorsOfEveryDatatype_SurviveRawContentsBothWays()
    {
        Prop.ForAll(Requests(Enum.GetValues<TensorDataType>()).ToArbitrary(), samples =>
        {
            var request = new ModelInferRequest { ModelName = "m" };
            foreach (var sample in samples)
            {
                request.Inputs.Add(sample.Header(contents: null));
                request.RawInputContents.Add(ByteString.CopyFrom(sample.Raw()));
            }

            var decoded = InferRequests.Decode(request, Limits).Value;
            var encoded = InferReplies.Bytes(InferResponseEncoder.Reply(new InferenceResponse("m", "1", null, decoded.Inputs), typed: false));

            var expected = new ModelInferResponse { ModelName = "m", ModelVersion = "1" };
            foreach (var sample in samples)
            {
                sample.AssertMatches(decoded.Inputs[expected.Outputs.Count]);
                expected.Outputs.Add(sample.Output(contents: null));
                expected.RawOutputContents.Add(ByteString.CopyFrom(sample.Raw()));
            }
            Assert.Equal(expected.ToByteArray(), encoded);
        }).Check(Seeded);
    }

    [Fact]
    public void RandomIdsAndParameters_AreWrittenAsGoogleProtobufWritesThem()
    {
        var text = Gen.Elements("", "a", "bc-1", "é€𝄞", new string('x', 300)).SelectMany(prefix => Gen.Choose(0, 1000).Select(n => prefix + n));
        var parameter =
            from kind in Gen.Choose(0, 3)
            from number in Gen.Choose(int.MinValue, int.MaxValue)
            from word in text
            select kind switch { 0 => new InferenceParameter(number % 2 == 0), 1 => new InferenceParameter((long)number * number), 2 => new InferenceParameter(number / 7.0), _ => new InferenceParameter(word) };
        var responses =
            from id in text
            from count in Gen.Choose(0, 4)
            from names in text.ArrayOf(count)
            from values in parameter.ArrayOf(count)
            select (Id: id, Parameters: names.Zip(values).DistinctBy(p => p.First).ToDictionary(p => p.First, p => p.Second));
        Prop.ForAll(responses.ToArbitrary(), drawn =>
        {
            var encoded = InferReplies.Bytes(InferResponseEncoder.Reply(new InferenceResponse("m", "7", drawn.Id, [], drawn.Parameters), typed: true));

            var expected = new ModelInferResponse { ModelName = "m", ModelVersion = "7", Id = drawn.Id };
            foreach (var (name, value) in drawn.Parameters)
            {
                expected.Parameters[name] = value.Value switch
                {
                    bool flag => new InferParameter { BoolParam = flag },
                    long integer => new InferParameter { Int64Param = integer },
                    double number => new InferParameter { DoubleParam = number },
                    _ => new InferParameter { StringParam = (string)value.Value },
                };
            }
            Assert.Equal(expected.ToByteArray(), encoded);
        }).Check(Seeded);
    }

    private static Gen<Sample[]> Requests(IEnumerable<TensorDataType> types)
    {
        var samples =
            from type in Gen.Elements(types.ToArray())
            from shape in Gen.Choose(0, 3).SelectMany(rank => Gen.Choose(0, 4).Select(d => (long)d).ArrayOf(rank))
            from seed in Gen.Choose(0, int.MaxValue)
            select Sample.Create(type, shape, seed);
        return Gen.Choose(1, 3).SelectMany(count => samples.ArrayOf(count))
            .Select(drawn => drawn.Select((sample, i) => sample with { Name = $"input{i}" }).ToArray());
    }

    /// <summary>One random tensor: fixed-size elements as little-endian bytes, or BYTES elements.</summary>
    private sealed record Sample(string Name, TensorDataType DataType, long[] Shape, byte[] Data, byte[][] Elements)
    {
        public static Sample Create(TensorDataType type, long[] shape, int seed)
        {
            var random = new Random(seed);
            var count = (int)shape.Aggregate(1L, (product, d) => product * d);
            if (type == TensorDataType.Bytes)
                return new Sample("", type, shape, [], [.. Enumerable.Range(0, count).Select(_ => Bytes(random, random.Next(0, 7)))]);
            var data = Bytes(random, count * type.ElementSize());
            if (type == TensorDataType.Bool)
                data = [.. data.Select(b => (byte)(b & 1))];
            return new Sample("", type, shape, data, []);
        }

        public ModelInferRequest.Types.InferInputTensor Header(InferTensorContents? contents) =>
            new() { Name = Name, Datatype = DataType.ProtocolName(), Shape = { Shape }, Contents = contents };

        public ModelInferResponse.Types.InferOutputTensor Output(InferTensorContents? contents) =>
            new() { Name = Name, Datatype = DataType.ProtocolName(), Shape = { Shape }, Contents = contents };

        /// <summary>The elements as the protocol's typed contents, built independently of the codec.</summary>
        public InferTensorContents Typed() => DataType switch
        {
            TensorDataType.Bool => new() { BoolContents = { Data.Select(b => b != 0) } },
            TensorDataType.Int8 => new() { IntContents = { Values<sbyte>().Select(v => (int)v) } },
            TensorDataType.Int16 => new() { IntContents = { Values<short>().Select(v => (int)v) } },
            TensorDataType.Int32 => new() { IntContents = { Values<int>() } },
            TensorDataType.Int64 => new() { Int64Contents = { Values<long>() } },
            TensorDataType.UInt8 => new() { UintContents = { Data.Select(v => (uint)v) } },
            TensorDataType.UInt16 => new() { UintContents = { Values<ushort>().Select(v => (uint)v) } },
            TensorDataType.UInt32 => new() { UintContents = { Values<uint>() } },
            TensorDataType.UInt64 => new() { Uint64Contents = { Values<ulong>() } },
            TensorDataType.Fp32 => new() { Fp32Contents = { Values<float>() } },
            TensorDataType.Fp64 => new() { Fp64Contents = { Values<double>() } },
            TensorDataType.Bytes => new() { BytesContents = { Elements.Select(ByteString.CopyFrom) } },
            _ => throw new InvalidOperationException($"{DataType} has no typed form."),
        };

        /// <summary>The elements in raw form, BYTES with 4-byte little-endian length prefixes, built independently of the codec.</summary>
        public byte[] Raw() => DataType == TensorDataType.Bytes
            ? [.. Elements.SelectMany(e => BitConverter.GetBytes((uint)e.Length).Concat(e))]
            : Data;

        public void AssertMatches(Tensor tensor)
        {
            Assert.Equal((Name, DataType), (tensor.Name, tensor.DataType));
            Assert.Equal(Shape, tensor.Shape);
            if (DataType == TensorDataType.Bytes)
                Assert.Equal(Elements, tensor.Elements!.Select(e => e.ToArray()));
            else
                Assert.Equal(Data, tensor.Data.ToArray());
        }

        private T[] Values<T>() where T : unmanaged => MemoryMarshal.Cast<byte, T>(Data).ToArray();

        private static byte[] Bytes(Random random, int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }
    }
}
