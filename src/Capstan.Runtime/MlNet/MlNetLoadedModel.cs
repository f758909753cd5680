using System.Collections.Concurrent;
using System.Collections.Frozen;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Runtime.Runtimes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Runtime.MlNet;

/// <summary>An ML.NET model loaded from its zip, run on requests one batch row at a time through its row-to-row mapper.</summary>
/// <remarks>
/// At load the model is bound once, as <see cref="IRowToRowMapper"/>, to a schema of the input columns it requires
/// (with the types and annotations it was saved with), so a label it only trained on is never asked for; the output
/// columns are looked up once too. A call rents an <see cref="MlNetScorer"/> for the set of outputs it asks for, which
/// keeps the mapped row and its getters from call to call (building them cost about 1 µs and 3.7 KB per call on the
/// breast cancer model), binds the request's tensors to it, and returns it afterwards; a call that fails disposes its
/// scorer instead. So a call costs one buffer per output and the model's own work per row, as ML.NET's
/// <c>PredictionEngine</c> does; <see cref="ITransformer.Transform"/> with a cursor cost ten times as long at batch 1
/// (about 22 µs and 38 KB) and, above a few rows, hands the rows to background threads. Each set of outputs has a pool
/// of its own, up to <see cref="MaxPools"/> sets (any set beyond, and any request of a model with more than 64 outputs,
/// builds a scorer for its one call). The mapper is immutable and a scorer serves one call at a time, so the model is
/// thread-safe.
/// </remarks>
internal sealed class MlNetLoadedModel : ILoadedModel
{
    /// <summary>The most sets of outputs that keep scorers, a bound on the memory that requests naming ever new sets can make the model hold.</summary>
    private const int MaxPools = 64;

    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly TensorSpec[] _inputs;
    private readonly IRowToRowMapper _mapper;
    private readonly FrozenDictionary<string, int> _outputIndex;
    private readonly DataViewSchema.Column[] _outputColumns;
    private readonly TensorDataType[] _outputTypes;
    private readonly ConcurrentDictionary<ulong, MlNetScorerPool> _pools = new();
    private readonly int _idleScorersPerPool = Environment.ProcessorCount * 2;

    /// <summary>Binds <paramref name="model"/>, a row-to-row mapper saved with <paramref name="savedSchema"/>, whose signature has been checked.</summary>
    public MlNetLoadedModel(ITransformer model, DataViewSchema savedSchema, ModelSignature signature, long memoryBytes)
    {
        _model = model;
        Signature = signature;
        MemoryBytes = memoryBytes;
        var builder = new DataViewSchema.Builder();
        foreach (var name in signature.RequiredInputs)
        {
            var column = savedSchema[name];
            builder.AddColumn(column.Name, column.Type, column.Annotations);
        }
        _inputSchema = builder.ToSchema();
        _inputs = signature.RequiredInputs.Select(name => signature.Inputs.Single(input => input.Name == name)).ToArray();
        _mapper = model.GetRowToRowMapper(_inputSchema);
        _outputIndex = signature.Outputs.Select((output, index) => (output.Name, index)).ToFrozenDictionary(entry => entry.Name, entry => entry.index);
        _outputColumns = signature.Outputs.Select(output => _mapper.OutputSchema[output.Name]).ToArray();
        _outputTypes = signature.Outputs.Select(output => output.DataType).ToArray();
    }

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public long MemoryBytes { get; }

    /// <inheritdoc />
    public Result<IReadOnlyList<Tensor>> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs)
    {
        foreach (var input in _inputs)
            Find(inputs, input.Name);
        var rows = inputs.Count > 0 ? checked((int)inputs[0].Shape[0]) : 0;
        var pool = PoolFor(outputs);
        MlNetScorer? scorer = null;
        try
        {
            scorer = pool is null ? CreateScorer(Selection(outputs)) : pool.Rent();
            var tensors = scorer.Score(inputs, rows, outputs);
            if (pool is null)
                scorer.Dispose();
            else
                pool.Return(scorer);
            return tensors;
        }
        catch (Exception exception)
        {
            scorer?.Dispose();
            return Error.Internal($"ML.NET could not run the model: {exception.Message}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var pool in _pools.Values)
            pool.Dispose();
        (_model as IDisposable)?.Dispose();
    }

    /// <summary>The input named <paramref name="name"/>, which validation guarantees; its absence is a caller's bug.</summary>
    internal static Tensor Find(IReadOnlyList<Tensor> inputs, string name)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Name == name)
                return inputs[i];
        }
        throw new ArgumentException($"The required input '{name}' is missing; requests must be validated against the signature first.", nameof(inputs));
    }

    /// <summary>The pool of scorers for the set of <paramref name="outputs"/>, or null when that set keeps none.</summary>
    private MlNetScorerPool? PoolFor(IReadOnlyList<string> outputs)
    {
        if (_outputColumns.Length > 64)
            return null;
        var key = 0UL;
        for (var i = 0; i < outputs.Count; i++)
            key |= 1UL << _outputIndex[outputs[i]];
        if (_pools.TryGetValue(key, out var pool))
            return pool;
        if (_pools.Count >= MaxPools)
            return null;
        return _pools.GetOrAdd(key, static (key, model) =>
            new MlNetScorerPool(() => model.CreateScorer(Indices(key)), model._idleScorersPerPool), this);
    }

    /// <summary>The signature indices of <paramref name="outputs"/>, each once, in signature order.</summary>
    private int[] Selection(IReadOnlyList<string> outputs)
    {
        var selected = new bool[_outputColumns.Length];
        for (var i = 0; i < outputs.Count; i++)
            selected[_outputIndex[outputs[i]]] = true;
        return Enumerable.Range(0, selected.Length).Where(index => selected[index]).ToArray();
    }

    private static int[] Indices(ulong key) => Enumerable.Range(0, 64).Where(index => (key & (1UL << index)) != 0).ToArray();

    private MlNetScorer CreateScorer(int[] indices) =>
        new(_mapper, _inputSchema, _inputs, indices.Select(index => _outputColumns[index]).ToArray(), indices.Select(index => _outputTypes[index]).ToArray());
}
