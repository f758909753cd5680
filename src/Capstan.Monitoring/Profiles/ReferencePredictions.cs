using System.Runtime.InteropServices;
using Capstan.Core.Errors;
using Capstan.Core.Monitoring;
using Capstan.Core.Registry;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Runtime.Runtimes;
using Capstan.Serving.Deployments;

namespace Capstan.Monitoring.Profiles;

/// <summary>Runs a version over rows of its reference data, in the runtime that serves its format, and profiles each output.</summary>
/// <remarks>
/// The version is loaded on its own, from a private copy of its artifact as the reconciler makes one, so profiling
/// neither touches the models that serve traffic nor shows in their metrics or inference log; it is unloaded after.
/// At most <see cref="ProfileOptions.PredictionRows"/> rows are run, spread evenly over the file, and only rows with
/// every input value present. Each output with at most <see cref="ProfileOptions.MaxOutputWidth"/> values per row
/// becomes one column per value; BYTES outputs are categorical. Thread-safe.
/// </remarks>
/// <param name="copies">Makes the private copy of the artifact.</param>
/// <param name="runtimes">The runtimes, one per format.</param>
/// <param name="options">How many rows to run and which outputs to keep.</param>
public sealed class ReferencePredictions(ArtifactCopies copies, IEnumerable<IModelRuntime> runtimes, ProfileOptions options)
{
    private const int ChunkRows = 1024;

    /// <summary>The profiled outputs of <paramref name="version"/> over rows of <paramref name="table"/>, and how many rows were run.</summary>
    internal async Task<Result<(long Rows, IReadOnlyList<ProfiledColumn> Columns)>> ProfileAsync(
        ModelVersionInfo version, ReferenceTable table, CancellationToken cancellationToken)
    {
        var rows = CompleteRows(table, options.PredictionRows);
        if (rows.Count == 0)
            return (0L, (IReadOnlyList<ProfiledColumn>)[]);
        if (runtimes.FirstOrDefault(r => r.Format == version.Format) is not { } runtime)
            return Error.Internal($"No runtime runs the {version.Format} format.");
        if (!(await copies.CopyAsync(version, cancellationToken)).TryGetValue(out var path, out var error))
            return error;
        try
        {
            return await Task.Run(() => Run(runtime, version, path, table, rows), cancellationToken);
        }
        finally
        {
            ArtifactCopies.Remove(path);
        }
    }

    /// <summary>Up to <paramref name="limit"/> rows, spread evenly, in which every planned column has a value.</summary>
    private static List<int> CompleteRows(ReferenceTable table, int limit)
    {
        var complete = Enumerable.Range(0, table.Rows).Where(r => table.Columns.All(c => c.IsPresent(r))).ToList();
        if (complete.Count <= limit)
            return complete;
        return Enumerable.Range(0, limit).Select(i => complete[(int)((long)i * complete.Count / limit)]).ToList();
    }

    private Result<(long Rows, IReadOnlyList<ProfiledColumn> Columns)> Run(
        IModelRuntime runtime, ModelVersionInfo version, string path, ReferenceTable table, List<int> rows)
    {
        if (!runtime.Load(path, version.Signature).TryGetValue(out var model, out var error))
            return Error.InvalidInput($"{version.Reference} failed to load to profile its predictions: {error.Message}");
        using (model)
        {
            var inputs = table.Columns.GroupBy(c => c.Plan.Input.Name).Select(g => (Spec: g.First().Plan.Input, Columns: g.OrderBy(c => c.Plan.Index).ToList())).ToList();
            var chunk = inputs.Select(i => i.Spec.Shape[0]).Where(d => d > 0).Select(d => (int)d).DefaultIfEmpty(ChunkRows).Min();
            var outputs = version.Signature.Outputs.Select(o => o.Name).ToList();
            var collected = new Dictionary<string, OutputValues?>(StringComparer.Ordinal);
            for (var start = 0; start < rows.Count; start += chunk)
            {
                var count = Math.Min(chunk, rows.Count - start);
                var tensors = inputs.Select(input => TensorNumbers.Build(input.Spec, count, input.Columns.Count,
                    (r, j) => input.Columns[j].Numbers![rows[start + r]], (r, j) => input.Columns[j].Labels![rows[start + r]])).ToList();
                if (!model.Run(tensors, outputs).TryGetValue(out var answers, out error))
                    return Error.InvalidInput($"Running {version.Reference} on the reference rows failed: {error.Message}");
                for (var o = 0; o < answers.Count; o++)
                    Collect(collected, outputs[o], answers[o], count);
            }
            var columns = new List<ProfiledColumn>();
            foreach (var name in outputs)
            {
                if (collected.GetValueOrDefault(name) is { } values)
                    columns.AddRange(values.Profile(name));
            }
            return (rows.Count, columns);
        }
    }

    /// <summary>Adds one chunk's values of an output; an output whose rows do not line up with the chunk, or that is too wide, is dropped.</summary>
    private void Collect(Dictionary<string, OutputValues?> collected, string name, Tensor tensor, int rows)
    {
        if (collected.TryGetValue(name, out var values) && values is null)
            return;
        var width = tensor.Shape.Count > 0 && tensor.Shape[0] == rows && rows > 0 ? tensor.ElementCount / rows : 0;
        if (width is < 1 || width > options.MaxOutputWidth || (values is not null && values.Width != width))
        {
            collected[name] = null;
            return;
        }
        values ??= collected[name] = new OutputValues((int)width, tensor.DataType == TensorDataType.Bytes);
        for (long i = 0; i < tensor.ElementCount; i++)
        {
            var column = (int)(i % width);
            if (values.Labels is { } labels)
                labels[column].Add(TensorNumbers.Label(tensor, i));
            else
                values.Numbers![column].Add(TensorNumbers.Number(tensor, i));
        }
    }

    /// <summary>The values of one output, a list per value of its rows; mutable while the chunks run.</summary>
    private sealed class OutputValues(int width, bool categorical)
    {
        public int Width { get; } = width;

        public List<double>[]? Numbers { get; } = categorical ? null : Enumerable.Range(0, width).Select(_ => new List<double>()).ToArray();

        public List<string?>[]? Labels { get; } = categorical ? Enumerable.Range(0, width).Select(_ => new List<string?>()).ToArray() : null;

        public IEnumerable<ProfiledColumn> Profile(string output) => Enumerable.Range(0, Width).Select(j =>
        {
            var name = Width == 1 ? output : $"{output}[{j}]";
            var profile = Numbers is not null
                ? FeatureProfiler.Numeric(name, CollectionsMarshal.AsSpan(Numbers[j]))
                : FeatureProfiler.Categorical(name, Labels![j]);
            return new ProfiledColumn(output, j, profile);
        });
    }
}
