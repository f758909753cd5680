namespace Capstan.Training.Pipelines;

/// <summary>The label column and, for a binary task over a column of categories, which category is the positive class.</summary>
/// <param name="Name">The column's name in the source.</param>
/// <param name="Positive">
/// For a binary task: the value that makes a row positive (every other value is negative), or null when the column
/// holds booleans (true/false, 1/0, yes/no). Always null for the other tasks.
/// </param>
public sealed record LabelSpec(string Name, string? Positive);
