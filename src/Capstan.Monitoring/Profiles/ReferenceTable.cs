namespace Capstan.Monitoring.Profiles;

/// <summary>A reference data file read into the columns that feed a model's required inputs.</summary>
/// <param name="Rows">How many data rows the file held (the header excluded).</param>
/// <param name="Columns">The planned columns' values, in input order.</param>
internal sealed record ReferenceTable(int Rows, IReadOnlyList<TableColumn> Columns);
