using System.Buffers;
using System.Text;
using System.Text.Json;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Serving.Validation;
using Capstan.Server.Inference.Rest;
using FsCheck;
using FsCheck.Fluent;

namespace Capstan.Server.Tests.Inference.Rest;

public sealed class CodecPropertyTests
{
    private static readonly ServingLimits Limits = new();

    private static readonly Gen<TensorCase> Cases =
        from type in Gen.Elements(Enum.GetValues<TensorDataType>())
        from rank in Gen.Choose(0, 4)
        from dimensions in Gen.Choose(0, 4).ArrayOf(rank)
        from seed in Gen.Choose(0, int.MaxValue)
        select new TensorCase(type, [.. dimensions.Select(d => (long)d)], seed);

    private static readonly Gen<RequestCase> Requests =
        from count in Gen.Choose(1, 3)
        from tensors in Cases.ArrayOf(count)
        from nested in Gen.Elements(false, true)
        from cuts in Gen.Choose(0, 6)
        from seed in Gen.Choose(0, int.MaxValue)
        select new RequestCase(tensors, nested, cuts, seed);

    [Fact]
    public void Decode_ReadsBackEveryTensorOfEveryTypeAndShapeSentFlatOrNested()
    {
        Prop.ForAll(Requests.ToArbitrary(), request =>
        {
            var inputs = request.Tensors();
            var body = RequestJson.Write(inputs, request.Nested, id: "r-" + request.Seed);

            var decoded = RequestDecoder.Decode(RequestJson.InSegments(body, request.Cuts, new Random(request.Seed)), Limits);

            Assert.True(decoded.IsSuccess, $"{decoded} for {Encoding.UTF8.GetString(body)}");
            Assert.Equal("r-" + request.Seed, decoded.Value.Request.Id);
            Assert.Equal(inputs.Length, decoded.Value.Request.Inputs.Count);
            for (var i = 0; i < inputs.Length; i++)
                TensorAssert.Equal(inputs[i], decoded.Value.Request.Inputs[i]);
        }).Check(Seeded(20261201UL));
    }

    [Fact]
    public void Encode_WritesOutputsThatDecodeBackToTheSameTensors()
    {
        Prop.ForAll(Requests.ToArbitrary(), request =>
        {
            var outputs = request.Tensors();
            var body = new ArrayBufferWriter<byte>();

            ResponseEncoder.WriteInferenceResponse(body, new InferenceResponse("m", "1", null, outputs), BinaryOutputs.None);

            using var response = JsonDocument.Parse(body.WrittenMemory);
            var asRequest = Encoding.UTF8.GetBytes($"{{\"inputs\": {response.RootElement.GetProperty("outputs").GetRawText()}}}");
            var decoded = RequestDecoder.Decode(new ReadOnlySequence<byte>(asRequest), Limits).Value.Request;
            for (var i = 0; i < outputs.Length; i++)
                TensorAssert.Equal(outputs[i], decoded.Inputs[i]);
        }).Check(Seeded(20261202UL));
    }

    private static Config Seeded(ulong seed) =>
        Config.QuickThrowOnFailure.WithMaxTest(300).WithReplay(new Replay(new Rnd(seed), Microsoft.FSharp.Core.FSharpOption<int>.None));

    /// <summary>One random tensor: its type, its shape and the seed of its elements.</summary>
    public sealed record TensorCase(TensorDataType Type, long[] Shape, int Seed)
    {
        /// <inheritdoc />
        public override string ToString() => $"{Type} [{string.Join(",", Shape)}] seed {Seed}";
    }

    /// <summary>One random request: its tensors, whether their data is nested, and how many places its body is cut.</summary>
    public sealed record RequestCase(TensorCase[] Cases, bool Nested, int Cuts, int Seed)
    {
        /// <summary>Builds the tensors, named in0, in1, ...</summary>
        public Tensor[] Tensors() =>
            [.. Cases.Select((c, i) => RandomTensors.Create($"in{i}", c.Type, c.Shape, new Random(c.Seed)))];

        /// <inheritdoc />
        public override string ToString() => $"[{string.Join("; ", Cases.Select(c => c.ToString()))}] nested={Nested} cuts={Cuts} seed={Seed}";
    }
}
