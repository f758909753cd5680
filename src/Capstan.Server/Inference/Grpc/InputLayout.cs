using System.Runtime.CompilerServices;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Where one input tensor's fields lie in a <c>ModelInferRequest</c> message (<see cref="InferRequestLayout"/>).</summary>
/// <remarks>Mutable: the layout fills it in field by field as it reads the input.</remarks>
internal struct InputLayout
{
    /// <summary>The name's bytes.</summary>
    public (int Start, int Length) Name;

    /// <summary>The datatype's bytes.</summary>
    public (int Start, int Length) Datatype;

    /// <summary>Where the shape's dimensions start in <see cref="InferRequestLayout.Dimensions"/>.</summary>
    public int ShapeStart;

    /// <summary>How many dimensions the shape has.</summary>
    public int ShapeCount;

    /// <summary>The bytes of the whole input message, where <see cref="TypedContents"/> finds its values.</summary>
    public (int Start, int Length) Body;

    /// <summary>How many values each contents field holds, bool_contents to bytes_contents.</summary>
    public ContentsCounts Counts;

    /// <summary>The value count of each of the eight typed contents fields.</summary>
    [InlineArray(InferRequestLayout.ContentsFields)]
    public struct ContentsCounts
    {
        private int _count;
    }
}
