using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Runtime.Inspection;
using Capstan.Runtime.Runtimes;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Runtime.Onnx;

/// <summary>Loads ONNX models into ONNX Runtime sessions set up for serving by <see cref="OnnxRuntimeOptions"/>.</summary>
/// <remarks>
/// The file is opened through <see cref="OnnxSessions"/>, as the inspector opens it: no external data is read, so
/// nothing outside the artifact, inside its folder or out of it, reaches the session. When the signature names fewer
/// outputs than the file has, the graph is pruned to those first (<see cref="OnnxGraphPruner"/>), so that no run
/// computes what nobody is served. The loaded session's signature must then match the one given. A missing file is an
/// exception, since the artifact store, not the caller, is at fault. Safe to call concurrently.
/// </remarks>
public sealed class OnnxModelRuntime : IModelRuntime
{
    private readonly Settings _settings;

    /// <summary>Creates a runtime with the settings in <paramref name="options"/>, which it validates and copies.</summary>
    public OnnxModelRuntime(OnnxRuntimeOptions options)
    {
        options.Validate();
        _settings = new Settings(
            options.IntraOpThreads, options.InterOpThreads, options.AllowSpinning, options.ParallelExecution, options.GraphOptimizationLevel);
    }

    /// <inheritdoc />
    public ModelFormat Format => ModelFormat.Onnx;

    /// <inheritdoc />
    public Result<ILoadedModel> Load(string artifactPath, ModelSignature signature)
    {
        var file = new FileInfo(artifactPath);
        if (!file.Exists)
            throw new FileNotFoundException("The model artifact does not exist.", artifactPath);
        using var options = CreateSessionOptions();
        var pruned = OnnxGraphPruner.Prune(artifactPath, signature.Outputs.Select(output => output.Name).ToList());
        var opened = pruned is null ? OnnxSessions.Open(artifactPath, options) : OnnxSessions.Open(pruned, artifactPath, options);
        if (!opened.TryGetValue(out var session, out var error))
            return error;
        if (SignatureCheck.Compare(signature, OnnxSignatureReader.Describe(session)) is { } refusal)
        {
            session.Dispose();
            return refusal;
        }
        return new OnnxLoadedModel(session, signature, file.Length);
    }

    private SessionOptions CreateSessionOptions()
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = _settings.GraphOptimizationLevel,
            ExecutionMode = _settings.ParallelExecution ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = _settings.IntraOpThreads,
            InterOpNumThreads = _settings.InterOpThreads,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        var spinning = _settings.AllowSpinning ? "1" : "0";
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", spinning);
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", spinning);
        return options;
    }

    private readonly record struct Settings(
        int IntraOpThreads, int InterOpThreads, bool AllowSpinning, bool ParallelExecution, GraphOptimizationLevel GraphOptimizationLevel);
}
