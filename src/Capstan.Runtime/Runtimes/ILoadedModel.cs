using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Runtime.Runtimes;

/// <summary>A model loaded into memory and ready to run.</summary>
/// <remarks><see cref="Run"/> is safe to call from many threads at once; dispose only once no call is running.</remarks>
public interface ILoadedModel : IDisposable
{
    /// <summary>The signature the model was loaded with.</summary>
    ModelSignature Signature { get; }

    /// <summary>An estimate of the memory the loaded model holds, in bytes, for the memory budget.</summary>
    long MemoryBytes { get; }

    /// <summary>Runs the model on a batch and returns the named outputs, in that order.</summary>
    /// <param name="inputs">
    /// Inputs that passed validation against <see cref="Signature"/>: every required input once, with its declared
    /// type and a shape that matches the declared one, the batch (row) dimension first and equal across inputs.
    /// Inputs the model does not need may be absent.
    /// </param>
    /// <param name="outputs">The outputs to compute, each one the signature declares; only these are computed where the runtime allows.</param>
    /// <returns>One tensor per requested output, batch dimension first; an error only for a failure inside the runtime.</returns>
    Result<IReadOnlyList<Tensor>> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs);
}
