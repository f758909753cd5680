using Capstan.Training.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Training.Data;

/// <summary>An ML.NET view of chosen rows of a <see cref="TrainingTable"/>: the features under their own names, the label and the weight.</summary>
/// <remarks>
/// Numeric and boolean features are FP32 (booleans 1 and 0, missing as NaN), categorical and text features are text
/// (missing as empty), the label is a boolean (binary), text (multiclass) or FP32 (regression). The time column is
/// not in the view. The row indices are read when a cursor moves, so <see cref="Rows"/> may be changed between
/// cursors (the latency probe scores one row at a time this way); otherwise immutable.
/// </remarks>
internal sealed class TableDataView : IDataView
{
    private readonly TrainingTable _table;

    public TableDataView(TrainingTable table, int[] rows, bool withLabel = true)
    {
        _table = table;
        Rows = rows;
        var builder = new DataViewSchema.Builder();
        foreach (var feature in table.Features)
            builder.AddColumn(feature.Spec.Name, feature.Numbers is not null ? NumberDataViewType.Single : TextDataViewType.Instance);
        if (withLabel)
        {
            builder.AddColumn(table.Columns.Label.Name, table.Task switch
            {
                TrainingTask.Binary => BooleanDataViewType.Instance,
                TrainingTask.Multiclass => TextDataViewType.Instance,
                _ => NumberDataViewType.Single,
            });
            if (table.Columns.Weight is { } weight)
                builder.AddColumn(weight, NumberDataViewType.Single);
        }
        Schema = builder.ToSchema();
    }

    /// <summary>The table rows the view shows, in order.</summary>
    public int[] Rows { get; }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => Rows.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(TableDataView view) : DataViewRowCursor
    {
        private int _position = -1;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => view.Schema;

        public override bool MoveNext() => ++_position < view.Rows.Length;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)view.Rows[_position], 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var table = view._table;
            Delegate getter;
            if (column.Index < table.Features.Count)
            {
                var feature = table.Features[column.Index];
                getter = feature.Numbers is { } numbers
                    ? (ValueGetter<float>)((ref float value) => value = numbers[view.Rows[_position]])
                    : (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = (feature.Texts![view.Rows[_position]] ?? "").AsMemory());
            }
            else if (column.Index == table.Features.Count)
            {
                getter = table.Task switch
                {
                    TrainingTask.Binary => (ValueGetter<bool>)((ref bool value) => value = table.BinaryLabels![view.Rows[_position]]),
                    TrainingTask.Multiclass => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = table.ClassLabels![view.Rows[_position]].AsMemory()),
                    _ => (ValueGetter<float>)((ref float value) => value = table.NumericLabels![view.Rows[_position]]),
                };
            }
            else
                getter = (ValueGetter<float>)((ref float value) => value = table.Weights![view.Rows[_position]]);
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException($"Column '{column.Name}' is not of type {typeof(TValue).Name}.");
        }
    }
}
