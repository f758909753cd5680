using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Runtime.MlNet;

/// <summary>An ML.NET row over the input tensors of one request, moved from batch row to batch row by setting <see cref="Position"/>.</summary>
/// <remarks>
/// The schema is fixed by the model (the input columns it requires, with the types and annotations it was saved with);
/// the values are read from the tensors' buffers in place by <see cref="InputColumn"/> getters. ML.NET's mapped rows
/// cache what they computed for a position, so every batch row has its own position. One instance serves one request.
/// </remarks>
internal sealed class TensorRow(DataViewSchema schema, InputColumn[] columns) : DataViewRow
{
    /// <summary>The batch row the getters read, as <see cref="CurrentRow"/>.</summary>
    public override long Position => CurrentRow;

    /// <inheritdoc />
    public override long Batch => 0;

    /// <inheritdoc />
    public override DataViewSchema Schema => schema;

    /// <summary>The batch row the getters read, -1 before the first; setting it moves the row through the batch.</summary>
    public int CurrentRow { get; set; } = -1;

    /// <inheritdoc />
    public override ValueGetter<DataViewRowId> GetIdGetter() =>
        (ref DataViewRowId id) => id = new DataViewRowId((ulong)CurrentRow, 0);

    /// <inheritdoc />
    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    /// <inheritdoc />
    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
        columns[column.Index].CreateGetter(this) as ValueGetter<TValue>
        ?? throw new InvalidOperationException($"The column '{column.Name}' is not read as {typeof(TValue).Name}.");
}
