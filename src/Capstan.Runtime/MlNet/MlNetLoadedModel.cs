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
/// columns are looked up once too. A call then costs one <see cref="IRowToRowMapper.GetRow"/> over a
/// <see cref="TensorRow"/> that reads the input tensors in place (ML.NET builds a getter per requested output through
/// the pipeline, a few kilobytes whatever the batch size), one buffer per output, and the model's own work per row.
/// This is how ML.NET's <c>PredictionEngine</c> scores; <see cref="ITransformer.Transform"/> with a cursor cost ten
/// times as long at batch 1 on the breast cancer model (about 22 µs and 38 KB against 2 µs and 4 KB) and, above a few
/// rows, hands the rows to background threads. The mapper is immutable and every call has its own rows and getters, so
/// the model is thread-safe.
/// </remarks>
internal sealed class MlNetLoadedModel : ILoadedModel
{
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly IRowToRowMapper _mapper;
    private readonly FrozenDictionary<string, (DataViewSchema.Column Column, TensorDataType DataType)> _outputs;

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
        _mapper = model.GetRowToRowMapper(_inputSchema);
        _outputs = signature.Outputs.ToFrozenDictionary(output => output.Name, output => (_mapper.OutputSchema[output.Name], output.DataType));
    }

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public long MemoryBytes { get; }

    /// <inheritdoc />
    public Result<IReadOnlyList<Tensor>> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs)
    {
        var columns = new InputColumn[_inputSchema.Count];
        for (var i = 0; i < columns.Length; i++)
            columns[i] = InputColumn.For(Find(inputs, _inputSchema[i].Name));
        var rows = inputs.Count > 0 ? checked((int)inputs[0].Shape[0]) : 0;
        var input = new TensorRow(_inputSchema, columns);
        var selected = new DataViewSchema.Column[outputs.Count];
        for (var i = 0; i < selected.Length; i++)
            selected[i] = _outputs[outputs[i]].Column;
        try
        {
            using var scored = _mapper.GetRow(input, selected);
            var readers = new OutputColumn[selected.Length];
            for (var i = 0; i < readers.Length; i++)
                readers[i] = OutputColumn.For(scored, selected[i], _outputs[outputs[i]].DataType, rows);
            for (var row = 0; row < rows; row++)
            {
                input.CurrentRow = row;
                foreach (var reader in readers)
                    reader.ReadRow(row);
            }
            var tensors = new Tensor[readers.Length];
            for (var i = 0; i < tensors.Length; i++)
                tensors[i] = readers[i].ToTensor();
            return tensors;
        }
        catch (Exception exception)
        {
            return Error.Internal($"ML.NET could not run the model: {exception.Message}");
        }
    }

    /// <inheritdoc />
    public void Dispose() => (_model as IDisposable)?.Dispose();

    private static Tensor Find(IReadOnlyList<Tensor> inputs, string name)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Name == name)
                return inputs[i];
        }
        throw new ArgumentException($"The required input '{name}' is missing; requests must be validated against the signature first.", nameof(inputs));
    }
}
