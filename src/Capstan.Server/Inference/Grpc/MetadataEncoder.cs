using System.Reflection;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Serving.DataPlane;
using Capstan.Server.Inference.Grpc.Protocol;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Encodes server and model metadata as the protocol's messages.</summary>
internal static class MetadataEncoder
{
    /// <summary>The server's name in its metadata.</summary>
    public const string ServerName = "capstan";

    /// <summary>The protocol extensions the gRPC front end supports: request and response parameters.</summary>
    private static readonly string[] Extensions = ["parameters"];

    /// <summary>The server's version: the informational version of the Capstan server assembly.</summary>
    public static readonly string ServerVersion =
        typeof(MetadataEncoder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(MetadataEncoder).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>The server's metadata.</summary>
    public static ServerMetadataResponse Server() => new() { Name = ServerName, Version = ServerVersion, Extensions = { Extensions } };

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
