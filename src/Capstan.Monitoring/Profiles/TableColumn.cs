using System.Runtime.InteropServices;
using Capstan.Core.Monitoring;

namespace Capstan.Monitoring.Profiles;

/// <summary>The values read for one planned column of a reference data file, row by row; mutable while the file is read.</summary>
/// <param name="plan">Where the column is in the file and which input it feeds.</param>
internal sealed class TableColumn(PlannedColumn plan)
{
    /// <summary>Where the column is in the file and which input it feeds.</summary>
    public PlannedColumn Plan { get; } = plan;

    /// <summary>A numeric column's values, NaN where missing; null for a categorical column.</summary>
    public List<double>? Numbers { get; } = plan.Kind == FeatureKind.Numeric ? [] : null;

    /// <summary>A categorical column's values, null where missing; null for a numeric column.</summary>
    public List<string?>? Labels { get; } = plan.Kind == FeatureKind.Categorical ? [] : null;

    /// <summary>Whether row <paramref name="row"/> has a value.</summary>
    public bool IsPresent(int row) => Numbers is not null ? !double.IsNaN(Numbers[row]) : Labels![row] is not null;

    /// <summary>The column's profile.</summary>
    public FeatureProfile Profile() =>
        Numbers is not null ? FeatureProfiler.Numeric(Plan.Name, CollectionsMarshal.AsSpan(Numbers)) : FeatureProfiler.Categorical(Plan.Name, Labels!);
}
