using Capstan.Core.Errors;

namespace Capstan.Core.Signatures;

/// <summary>Checks that a file is a model Capstan can serve and reads its signature.</summary>
/// <remarks>
/// Implementations detect the format from the content, never from the file name, refuse anything that is not a
/// valid ONNX model or a safe ML.NET zip with an <see cref="ErrorCode.InvalidInput"/> error that says why, and must be
/// safe to call concurrently.
/// </remarks>
public interface IModelInspector
{
    /// <summary>Inspects the model file at <paramref name="path"/>.</summary>
    Task<Result<ModelInspection>> InspectAsync(string path, CancellationToken cancellationToken);
}
