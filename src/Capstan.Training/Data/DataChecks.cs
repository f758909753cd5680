using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Training.Pipelines;

namespace Capstan.Training.Data;

/// <summary>Runs a spec's data checks on a table before training: row count, missing rates, class balance and schema.</summary>
/// <remarks>Classification also always needs at least two classes, or there is nothing to learn. Stateless.</remarks>
public static class DataChecks
{
    /// <summary>Every check that <paramref name="table"/> fails, each named after its spec field; empty when all pass.</summary>
    public static IReadOnlyList<string> Failures(TrainingTable table, ChecksSpec checks)
    {
        var failures = new List<string>();
        if (table.RowCount < checks.MinRows)
            failures.Add($"min_rows: the source has {table.RowCount} rows, fewer than the {checks.MinRows} required.");
        if (checks.MaxMissingRate is { } maxMissing && table.RowCount > 0)
        {
            foreach (var feature in table.Features)
            {
                var rate = (double)feature.MissingCount / table.RowCount;
                if (rate > maxMissing)
                    failures.Add($"max_missing_rate: '{feature.Spec.Name}' is missing in {Percent(rate)} of rows ({feature.MissingCount} of {table.RowCount}), over the {Percent(maxMissing)} allowed.");
            }
        }
        if (table.Task != TrainingTask.Regression && table.RowCount > 0)
        {
            var classes = table.ClassOf().GroupBy(c => c, StringComparer.Ordinal).Select(g => (Name: g.Key, Count: g.Count())).OrderBy(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
            if (table.Task == TrainingTask.Binary && classes.Count < 2 && table.Columns.Label.Positive is { } positive)
                failures.Add($"classes: every row is {(classes[0].Name == "true" ? "" : "not ")}'{positive}'; a binary model needs rows of both classes.");
            else if (classes.Count < 2)
                failures.Add($"classes: every row has the label '{classes[0].Name}'; a classifier needs at least two classes.");
            else if (checks.MinClassShare is { } minShare && (double)classes[0].Count / table.RowCount < minShare)
                failures.Add($"min_class_share: the rarest class '{classes[0].Name}' is {Percent((double)classes[0].Count / table.RowCount)} of rows ({classes[0].Count} of {table.RowCount}), under the {Percent(minShare)} required.");
        }
        if (checks.StrictSchema)
        {
            var extra = table.SourceColumns.Except(table.Columns.Names, StringComparer.Ordinal).ToList();
            if (extra.Count > 0)
                failures.Add($"schema: the source has columns the spec does not declare: {string.Join(", ", extra.Select(e => $"'{e}'"))}.");
        }
        return failures;
    }

    /// <summary>The table when every check passes, or an <see cref="ErrorCode.InvalidInput"/> error that names every failed check.</summary>
    public static Result<TrainingTable> Run(TrainingTable table, ChecksSpec checks)
    {
        var failures = Failures(table, checks);
        return failures.Count == 0
            ? table
            : Error.InvalidInput($"The data fails {failures.Count} check{(failures.Count == 1 ? "" : "s")}:\n{string.Join('\n', failures)}");
    }

    private static string Percent(double share) => share.ToString("0.0%", CultureInfo.InvariantCulture);
}
