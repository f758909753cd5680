using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Training.Pipelines;

namespace Capstan.Training.Data;

/// <summary>Turns a source's raw rows into a <see cref="TrainingTable"/>, converting each declared column to its type and naming every value it cannot.</summary>
/// <remarks>
/// Raw values may be null or <see cref="DBNull"/> (missing), text, any .NET number, a boolean, or a date and time.
/// A missing feature value is kept as missing for the checks to count; a missing label, weight or time, or a value
/// that does not convert, is a problem named with its row and column. After <see cref="MaxProblems"/> problems the
/// rest are counted, not listed. A mutable, single-use object.
/// </remarks>
public sealed class TableBuilder
{
    /// <summary>The most problems listed one by one.</summary>
    public const int MaxProblems = 10;

    private readonly PipelineSpec _spec;
    private readonly IReadOnlyList<string> _sourceColumns;
    private readonly int _maxRows;
    private readonly int[] _indices;
    private readonly List<float>[] _numbers;
    private readonly List<string?>[] _texts;
    private readonly List<bool> _binary = [];
    private readonly List<string> _classes = [];
    private readonly List<float> _values = [];
    private readonly List<float> _weights = [];
    private readonly List<DateTime> _times = [];
    private readonly List<string> _problems = [];
    private int _problemCount;
    private int _rows;
    private bool _tooLarge;

    /// <summary>Starts a table for <paramref name="spec"/> from a source whose columns are <paramref name="sourceColumns"/>, holding at most <paramref name="maxRows"/> rows.</summary>
    public TableBuilder(PipelineSpec spec, IReadOnlyList<string> sourceColumns, int maxRows)
    {
        _spec = spec;
        _sourceColumns = sourceColumns;
        _maxRows = maxRows;
        var names = spec.Columns.Names.ToList();
        _indices = [.. names.Select(name => IndexOf(sourceColumns, name))];
        var missing = names.Where((_, i) => _indices[i] < 0).ToList();
        if (missing.Count > 0)
            AddProblem($"the source has no column {string.Join(", ", missing.Select(m => $"'{m}'"))}; it has {string.Join(", ", sourceColumns.Select(c => $"'{c}'"))}.");
        var duplicates = sourceColumns.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
            AddProblem($"the source has more than one column named {string.Join(", ", duplicates.Select(d => $"'{d}'"))}.");
        _numbers = [.. spec.Columns.Features.Select(_ => new List<float>())];
        _texts = [.. spec.Columns.Features.Select(_ => new List<string?>())];
    }

    /// <summary>Whether the builder has refused the source as a whole (a declared column missing, or too many rows), so reading on is pointless.</summary>
    public bool Stopped => _tooLarge || (_rows == 0 && _problems.Count > 0);

    /// <summary>Adds one row of raw values in the source's column order; <paramref name="rowName"/> names it in problems (such as "line 12" or "row 12").</summary>
    public void Add(IReadOnlyList<object?> raw, string rowName)
    {
        if (Stopped)
            return;
        if (_rows == _maxRows)
        {
            _tooLarge = true;
            return;
        }
        _rows++;
        var features = _spec.Columns.Features;
        for (var i = 0; i < features.Count; i++)
        {
            var value = raw[_indices[i]];
            var feature = features[i];
            if (feature.Type is FeatureType.Numeric or FeatureType.Boolean)
                _numbers[i].Add(IsMissing(value) ? float.NaN : Convert(value, feature.Type == FeatureType.Boolean ? AsBoolean : AsNumber, rowName, feature.Name, feature.Type == FeatureType.Boolean ? "a boolean" : "a number") ?? float.NaN);
            else
                _texts[i].Add(IsMissing(value) ? null : AsText(value));
        }
        var labelValue = raw[_indices[features.Count]];
        var label = _spec.Columns.Label;
        if (IsMissing(labelValue))
            AddProblem($"{rowName}: the label '{label.Name}' is missing.");
        else if (_spec.Task == TrainingTask.Binary)
            _binary.Add(label.Positive is { } positive ? AsText(labelValue) == positive : Convert(labelValue, AsBoolean, rowName, label.Name, "a boolean") == 1);
        else if (_spec.Task == TrainingTask.Multiclass)
            _classes.Add(AsText(labelValue));
        else
            _values.Add(Convert(labelValue, AsNumber, rowName, label.Name, "a number") ?? float.NaN);
        var next = features.Count + 1;
        if (_spec.Columns.Weight is { } weightName)
        {
            var weight = raw[_indices[next++]];
            var parsed = IsMissing(weight) ? null : Convert(weight, AsNumber, rowName, weightName, "a number");
            if (parsed is null or < 0)
                AddProblem($"{rowName}: the weight '{weightName}' is {(parsed is null ? "missing" : "negative")}; every row needs a weight of 0 or more.");
            _weights.Add(parsed ?? 0);
        }
        if (_spec.Columns.Time is { } timeName)
        {
            var time = raw[_indices[next]];
            var parsed = IsMissing(time) ? null : AsTime(time);
            if (parsed is null)
                AddProblem($"{rowName}: the time '{timeName}' is {(IsMissing(time) ? "missing" : $"'{AsText(time)}', which is not a date and time")}.");
            _times.Add(parsed ?? default);
        }
    }

    /// <summary>The table, or an error that names every problem (and counts those past <see cref="MaxProblems"/>).</summary>
    public Result<TrainingTable> Build()
    {
        if (_tooLarge)
            return Error.TooLarge($"The source has more than {_maxRows} rows, the most a run reads (TrainingOptions:MaxRows); narrow the source.");
        if (_problemCount > 0)
        {
            var more = _problemCount > _problems.Count ? $"\n... and {_problemCount - _problems.Count} more." : "";
            return Error.InvalidInput(_problemCount == 1 ? $"The data cannot be read: {_problems[0]}" : $"The data cannot be read ({_problemCount} problems):\n{string.Join('\n', _problems)}{more}");
        }
        var features = _spec.Columns.Features.Select((f, i) => f.Type is FeatureType.Numeric or FeatureType.Boolean
            ? new FeatureColumn(f, [.. _numbers[i]], null)
            : new FeatureColumn(f, null, [.. _texts[i]])).ToList();
        return new TrainingTable(_spec.Columns, _spec.Task, _sourceColumns, features,
            _spec.Task == TrainingTask.Binary ? [.. _binary] : null,
            _spec.Task == TrainingTask.Multiclass ? [.. _classes] : null,
            _spec.Task == TrainingTask.Regression ? [.. _values] : null,
            _spec.Columns.Weight is null ? null : [.. _weights],
            _spec.Columns.Time is null ? null : [.. _times]);
    }

    private float? Convert(object? value, Func<object, float?> convert, string rowName, string column, string what)
    {
        if (convert(value!) is { } converted)
            return converted;
        AddProblem($"{rowName}: '{column}' is '{AsText(value!)}', which is not {what}.");
        return null;
    }

    private void AddProblem(string problem)
    {
        if (++_problemCount <= MaxProblems)
            _problems.Add(problem);
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] == name)
                return i;
        }
        return -1;
    }

    private static bool IsMissing([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] object? value) => value is null or DBNull || value is string { Length: 0 };

    private static float? AsNumber(object value)
    {
        double number;
        switch (value)
        {
            case string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                number = parsed;
                break;
            case string or bool or DateTime or DateTimeOffset or DateOnly or byte[]:
                return null;
            case IConvertible convertible:
                number = convertible.ToDouble(CultureInfo.InvariantCulture);
                break;
            default:
                return null;
        }
        return double.IsFinite(number) && Math.Abs(number) <= float.MaxValue ? (float)number : null;
    }

    private static float? AsBoolean(object value) => value switch
    {
        bool b => b ? 1 : 0,
        string text => text.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => 1,
            "false" or "0" or "no" => 0,
            _ => null,
        },
        _ => AsNumber(value) switch
        {
            1 => 1,
            0 => 0,
            _ => null,
        },
    };

    private static string AsText(object value) => value switch
    {
        string text => text,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static DateTime? AsTime(object value) => value switch
    {
        DateTime t => t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc),
        DateTimeOffset t => t.UtcDateTime,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        string text when DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        _ => null,
    };
}
