using Capstan.Core.Errors;
using Capstan.Core.Signatures;

namespace Capstan.Runtime.Runtimes;

/// <summary>Loads model artifacts of one format into runnable models.</summary>
/// <remarks>Implementations are safe to call concurrently and never run code from the artifact: a model is data.</remarks>
public interface IModelRuntime
{
    /// <summary>The format this runtime loads.</summary>
    ModelFormat Format { get; }

    /// <summary>Loads the artifact at <paramref name="artifactPath"/> to serve <paramref name="signature"/>: the one the registry recorded, or it with only some of its outputs.</summary>
    /// <remarks>
    /// The loaded model serves exactly the outputs of <paramref name="signature"/>, and a runtime that can leave the
    /// others uncomputed does.
    /// The artifact sits alone in its own folder, and nothing outside that folder may be read (ONNX external data
    /// included). A file the runtime cannot load, or whose signature differs from the recorded one, is an
    /// <see cref="ErrorCode.InvalidInput"/> result that says why.
    /// </remarks>
    Result<ILoadedModel> Load(string artifactPath, ModelSignature signature);
}
