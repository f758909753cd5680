using Microsoft.ML.OnnxRuntime;

namespace Capstan.Runtime.Onnx;

/// <summary>How the ONNX Runtime sessions that serve models use threads and optimise their graphs.</summary>
/// <remarks>
/// A mutable settings class, bound from the configuration section <c>OnnxRuntimeOptions</c>; <see cref="OnnxModelRuntime"/>
/// validates it and copies the values when it is created, so later changes have no effect on an existing runtime.
/// The defaults are for serving, where many requests run at once, each on the thread that calls
/// <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>:
/// parallelism comes from running requests side by side, so a session that also spread each request over every core
/// would only make the requests fight over the cores (and each session keeps a thread pool of its own).
/// </remarks>
public sealed class OnnxRuntimeOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(OnnxRuntimeOptions);

    /// <summary>The threads one request may use inside an operator (default: one per eight cores, at least 1).</summary>
    /// <remarks>
    /// With 1, which is the default on machines of up to 15 cores, a request runs wholly on its calling thread and the
    /// session starts no threads; concurrent requests keep the cores busy. On a larger machine a few threads per request
    /// cut the latency of a large model while eight requests at once still fill the cores.
    /// </remarks>
    public int IntraOpThreads { get; set; } = DefaultIntraOpThreads(Environment.ProcessorCount);

    /// <summary>Whether idle operator threads spin waiting for work instead of sleeping (default false).</summary>
    /// <remarks>
    /// Spinning trades CPU for a few microseconds of latency and pays off only on cores that serve nothing else; on a
    /// shared or small machine it burns the cores that other requests need. It matters only with more than one thread.
    /// </remarks>
    public bool AllowSpinning { get; set; }

    /// <summary>Whether independent branches of a graph run in parallel (default false: one node after another).</summary>
    public bool ParallelExecution { get; set; }

    /// <summary>The threads that run independent branches when <see cref="ParallelExecution"/> is on (default 1).</summary>
    public int InterOpThreads { get; set; } = 1;

    /// <summary>How far ONNX Runtime rewrites the graph when a model loads (default: every optimisation).</summary>
    /// <remarks>Optimisation costs load time once, which a served model repays on every request.</remarks>
    public GraphOptimizationLevel GraphOptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Throws when a setting is out of range, which is a configuration mistake to catch at start.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(IntraOpThreads, nameof(IntraOpThreads));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(InterOpThreads, nameof(InterOpThreads));
        if (!Enum.IsDefined(GraphOptimizationLevel))
            throw new ArgumentOutOfRangeException(nameof(GraphOptimizationLevel), GraphOptimizationLevel, "Not a graph optimisation level.");
    }

    /// <summary>The default <see cref="IntraOpThreads"/> for a machine of <paramref name="processorCount"/> cores.</summary>
    public static int DefaultIntraOpThreads(int processorCount) => Math.Max(1, processorCount / 8);
}
