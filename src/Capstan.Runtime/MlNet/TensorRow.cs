using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Runtime.MlNet;

/// <summary>An ML.NET row over the bound input tensors of one request at a time, moved from batch row to batch row by <see cref="MoveTo"/>.</summary>
/// <remarks>
/// The schema is fixed by the model (the input columns it requires, with the types and annotations it was saved with);
/// the values are read from the tensors' buffers in place by <see cref="InputColumn"/> getters. ML.NET's mapped rows
/// cache what they computed for a position, so every batch row of every request gets a new <see cref="Position"/>,
/// as ML.NET's <c>PredictionEngine</c> moves its row for each prediction; reusing the row across requests depends on
/// it. Not thread-safe: one request at a time.
/// </remarks>
internal sealed class TensorRow(DataViewSchema schema, InputColumn[] columns) : DataViewRow
{
    private long _position = -1;

    /// <summary>A number that changes with every batch row read, across requests; -1 before the first.</summary>
    public override long Position => _position;

    /// <inheritdoc />
    public override long Batch => 0;

    /// <inheritdoc />
    public override DataViewSchema Schema => schema;

    /// <summary>The batch row of the bound tensors that the getters read.</summary>
    public int CurrentRow { get; private set; }

    /// <summary>Moves to batch row <paramref name="row"/> of the bound tensors, at a new <see cref="Position"/>.</summary>
    public void MoveTo(int row)
    {
        CurrentRow = row;
        _position++;
    }

    /// <inheritdoc />
    public override ValueGetter<DataViewRowId> GetIdGetter() =>
        (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

    /// <inheritdoc />
    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    /// <inheritdoc />
    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
        columns[column.Index].CreateGetter(this) as ValueGetter<TValue>
        ?? throw new InvalidOperationException($"The column '{column.Name}' is not read as {typeof(TValue).Name}.");
}
