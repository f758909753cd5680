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

/// <summary>Seeded property tests: random tensors of every datatype survive protobuf → Core → protobuf in the typed and the raw form.</summary>
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

            var decoded = InferRequestDecoder.Decode(request, Limits).Value;
            var encoded = InferResponseEncoder.Encode(new InferenceResponse("m", "1", null, decoded.Inputs), typed: true);

            for (var i = 0; i < samples.Length; i++)
            {
                samples[i].AssertMatches(decoded.Inputs[i]);
                Assert.Equal(request.Inputs[i].Contents, encoded.Outputs[i].Contents);
            }
            Assert.Empty(encoded.RawOutputContents);
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

            var decoded = InferRequestDecoder.Decode(request, Limits).Value;
            var encoded = InferResponseEncoder.Encode(new InferenceResponse("m", "1", null, decoded.Inputs), typed: false);

            for (var i = 0; i < samples.Length; i++)
            {
                samples[i].AssertMatches(decoded.Inputs[i]);
                Assert.Equal(request.RawInputContents[i], encoded.RawOutputContents[i]);
                Assert.Equal((request.Inputs[i].Name, request.Inputs[i].Datatype, request.Inputs[i].Shape), (encoded.Outputs[i].Name, encoded.Outputs[i].Datatype, encoded.Outputs[i].Shape));
                Assert.Null(encoded.Outputs[i].Contents);
            }
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
