using System.Collections.Frozen;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Runtime.MlNet;

/// <summary>Scores requests for one set of outputs through a mapped row and getters that are built once and reused, request after request.</summary>
/// <remarks>
/// Building the mapped row (<see cref="IRowToRowMapper.GetRow"/>) and its getters is most of what a small model costs
/// per call, so a scorer keeps them, as ML.NET's <c>PredictionEngine</c> does: each call binds the request's tensors
/// to the input row's columns, moves the row to a new position for every batch row (the mapped row caches what it
/// computed for a position), reads the outputs into new tensors and unbinds the tensors again. Not thread-safe: one
/// call at a time, which <see cref="MlNetScorerPool"/> ensures; after a call that threw, dispose the scorer rather
/// than reuse it.
/// </remarks>
internal sealed class MlNetScorer : IDisposable
{
    private readonly InputColumn[] _columns;
    private readonly string[] _inputNames;
    private readonly TensorRow _input;
    private readonly DataViewRow _scored;
    private readonly OutputColumn[] _readers;
    private readonly FrozenDictionary<string, int> _readerOf;
    private readonly Tensor[] _read;

    /// <summary>Binds <paramref name="mapper"/> to a row of <paramref name="inputSchema"/>, whose columns <paramref name="inputs"/> describe in order, and creates the getters of <paramref name="outputs"/>, of the types <paramref name="outputTypes"/>.</summary>
    public MlNetScorer(
        IRowToRowMapper mapper, DataViewSchema inputSchema, IReadOnlyList<TensorSpec> inputs,
        IReadOnlyList<DataViewSchema.Column> outputs, IReadOnlyList<TensorDataType> outputTypes)
    {
        _columns = new InputColumn[inputs.Count];
        _inputNames = new string[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            _columns[i] = InputColumn.For(inputs[i]);
            _inputNames[i] = inputs[i].Name;
        }
        _input = new TensorRow(inputSchema, _columns);
        _scored = mapper.GetRow(_input, outputs);
        _readers = new OutputColumn[outputs.Count];
        var readerOf = new Dictionary<string, int>();
        for (var i = 0; i < _readers.Length; i++)
        {
            _readers[i] = OutputColumn.For(_scored, outputs[i], outputTypes[i]);
            readerOf[outputs[i].Name] = i;
        }
        _readerOf = readerOf.ToFrozenDictionary();
        _read = new Tensor[_readers.Length];
    }

    /// <summary>Scores the <paramref name="rows"/> rows in <paramref name="inputs"/> and returns <paramref name="outputs"/>, in that order, each one of this scorer's.</summary>
    /// <remarks>The inputs must have passed validation: every input column once, batch dimension first and equal across them.</remarks>
    public Tensor[] Score(IReadOnlyList<Tensor> inputs, int rows, IReadOnlyList<string> outputs)
    {
        try
        {
            for (var i = 0; i < _columns.Length; i++)
                _columns[i].Bind(MlNetLoadedModel.Find(inputs, _inputNames[i]));
            foreach (var reader in _readers)
                reader.Start(rows);
            for (var row = 0; row < rows; row++)
            {
                _input.MoveTo(row);
                foreach (var reader in _readers)
                    reader.ReadRow(row);
            }
            for (var i = 0; i < _readers.Length; i++)
                _read[i] = _readers[i].ToTensor();
            var tensors = new Tensor[outputs.Count];
            for (var i = 0; i < tensors.Length; i++)
                tensors[i] = _read[_readerOf[outputs[i]]];
            return tensors;
        }
        finally
        {
            foreach (var column in _columns)
                column.Unbind();
            Array.Clear(_read);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _scored.Dispose();
}
