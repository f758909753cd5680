using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Serving.DataPlane;
using Capstan.Server.Inference.Grpc.Protocol;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Encodes server and model metadata as the protocol's messages.</summary>
internal static class MetadataEncoder
{
    /// <summary>The server's metadata: name <c>capstan</c>, the build's version, and the binary tensor data extension of its REST front end, as REST answers <c>GET /v2</c>.</summary>
    public static ServerMetadataResponse Server() => new() { Name = ServerVersion.Name, Version = ServerVersion.Current, Extensions = { InferenceApi.BinaryTensorDataExtension } };

    /// <summary>A model's metadata.</summary>
    public static ModelMetadataResponse Model(ModelMetadata metadata)
    {
        var message = new ModelMetadataResponse { Name = metadata.Name, Platform = metadata.Platform, Versions = { metadata.Versions } };
        foreach (var input in metadata.Inputs)
            message.Inputs.Add(Tensor(input));
        foreach (var output in metadata.Outputs)
            message.Outputs.Add(Tensor(output));
        return message;
    }

    private static ModelMetadataResponse.Types.TensorMetadata Tensor(TensorSpec spec) =>
        new() { Name = spec.Name, Datatype = spec.DataType.ProtocolName(), Shape = { spec.Shape } };
}
