using System.Diagnostics;
using Capstan.Training.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Training.Gates;

/// <summary>Measures how long a model takes to score one row at a time, as a served model does, and reports the 99th percentile.</summary>
/// <remarks>
/// The model is bound to a one-row view once; each measured call points the view at the next row, opens a cursor,
/// moves to the row and reads every output column, which is the work a row-at-a-time prediction does. The first
/// <see cref="WarmupRows"/> calls are not counted. Wall-clock times on a shared machine vary between runs: a gate's
/// bound should leave room for that.
/// </remarks>
internal static class LatencyProbe
{
    public const int WarmupRows = 200;

    public static double P99Milliseconds(ITransformer model, TrainingTable table, int[] rows, int count, CancellationToken cancellationToken)
    {
        var view = new TableDataView(table, [rows[0]], withLabel: false);
        var scored = model.Transform(view);
        var outputs = scored.Schema.Where(c => !c.IsHidden && c.Name is "Score" or "Probability" or "PredictedLabel").ToList();
        var times = new double[count];
        for (var i = -WarmupRows; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            view.Rows[0] = rows[(i + WarmupRows) % rows.Length];
            var start = Stopwatch.GetTimestamp();
            using (var cursor = scored.GetRowCursor(outputs))
            {
                cursor.MoveNext();
                foreach (var column in outputs)
                    ReadColumn(cursor, column);
            }
            if (i >= 0)
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[(int)Math.Ceiling(0.99 * count) - 1];
    }

    private static void ReadColumn(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case VectorDataViewType { ItemType: NumberDataViewType }:
                var vector = default(VBuffer<float>);
                cursor.GetGetter<VBuffer<float>>(column)(ref vector);
                break;
            case NumberDataViewType when column.Type.RawType == typeof(float):
                var number = 0f;
                cursor.GetGetter<float>(column)(ref number);
                break;
            case BooleanDataViewType:
                var flag = false;
                cursor.GetGetter<bool>(column)(ref flag);
                break;
            case TextDataViewType:
                var text = default(ReadOnlyMemory<char>);
                cursor.GetGetter<ReadOnlyMemory<char>>(column)(ref text);
                break;
        }
    }
}
