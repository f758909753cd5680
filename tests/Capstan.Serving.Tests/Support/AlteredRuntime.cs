using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Runtime.Runtimes;

namespace Capstan.Serving.Tests.Support;

/// <summary>Wraps a real runtime so that the versions a test names fail to load, or sleep before every run without using the CPU.</summary>
/// <remarks>A loaded version's artifact sits in a folder named <c>{model}-{version}-{id}</c>, which is how a version is recognized.</remarks>
/// <param name="inner">The real runtime.</param>
/// <param name="failsToLoad">The <c>{model}-{version}</c> that fails to load, or null.</param>
/// <param name="slow">The <c>{model}-{version}</c> that sleeps before each run, or null.</param>
/// <param name="delay">How long the slow version sleeps.</param>
public sealed class AlteredRuntime(IModelRuntime inner, string? failsToLoad, string? slow, TimeSpan delay) : IModelRuntime
{
    /// <inheritdoc />
    public ModelFormat Format => inner.Format;

    /// <inheritdoc />
    public Result<ILoadedModel> Load(string artifactPath, ModelSignature signature)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(artifactPath))!;
        if (failsToLoad is not null && folder.StartsWith(failsToLoad + "-", StringComparison.Ordinal))
            return Error.InvalidInput("the test runtime refuses to load it");
        if (!inner.Load(artifactPath, signature).TryGetValue(out var model, out var error))
            return error;
        return slow is not null && folder.StartsWith(slow + "-", StringComparison.Ordinal) ? new Sleeping(model, delay) : Result<ILoadedModel>.Success(model);
    }

    /// <summary>A loaded model that sleeps before each run.</summary>
    private sealed class Sleeping(ILoadedModel model, TimeSpan delay) : ILoadedModel
    {
        public ModelSignature Signature => model.Signature;

        public long MemoryBytes => model.MemoryBytes;

        public Result<IReadOnlyList<Tensor>> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs)
        {
            Thread.Sleep(delay);
            return model.Run(inputs, outputs);
        }

        public void Dispose() => model.Dispose();
    }
}
