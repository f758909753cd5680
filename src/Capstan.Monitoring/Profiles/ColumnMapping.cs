using Capstan.Core.Errors;
using Capstan.Core.Monitoring;
using Capstan.Core.Naming;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Monitoring.Profiles;

/// <summary>Maps the named columns of a reference data file onto a model's required inputs, as <see cref="TabularInputs"/> lays inputs out.</summary>
/// <remarks>
/// A model whose one required input is a vector (<c>[-1,k]</c>) takes the file's columns in order as its k values,
/// leaving out columns named after the model's other, optional inputs (such as an ML.NET model's label); the features
/// are named after the file's columns. A model whose required inputs are all scalar columns (<c>[-1]</c> or
/// <c>[-1,1]</c>) takes each from the column of the same name, and other columns are ignored. BYTES inputs are
/// categorical, every other type numeric.
/// </remarks>
internal static class ColumnMapping
{
    /// <summary>The columns of a file with <paramref name="header"/> that feed <paramref name="signature"/>'s required inputs, in input order.</summary>
    public static Result<IReadOnlyList<PlannedColumn>> Plan(ModelSignature signature, IReadOnlyList<string> header)
    {
        var required = signature.Inputs.Where(i => signature.RequiredInputs.Count == 0 || signature.RequiredInputs.Contains(i.Name)).ToList();
        if (required.Count == 0)
            return Error.InvalidInput("The model has no inputs to profile.");
        foreach (var input in required)
        {
            if (TabularInputs.RowWidth(input) is null)
                return Error.InvalidInput($"The input '{input.Name}' is {Shape(input)}; a table's column can only feed an input declared [-1], [-1,1] or [-1,k].");
        }
        if (Duplicate(header) is { } duplicate)
            return Error.InvalidInput($"The file has more than one column named '{NameRules.Printable(duplicate)}'.");
        if (required is [var vector] && TabularInputs.RowWidth(vector) != 1)
            return Vector(signature, vector, header);
        var missing = required.Where(i => !header.Contains(i.Name)).Select(i => i.Name).ToList();
        if (missing.Count > 0)
            return Error.InvalidInput(
                $"The file has no column for the input{(missing.Count == 1 ? "" : "s")} {Quote(missing)}; name each column after the input it feeds (the file's columns are {Quote(header)}).");
        var planned = new List<PlannedColumn>(required.Count);
        foreach (var input in required)
        {
            if (TabularInputs.RowWidth(input) != 1)
                return Error.InvalidInput(
                    $"The input '{input.Name}' takes {Width(input)} values per row, which one column cannot hold; only a model whose one required input is a vector takes the file's columns as its values.");
            planned.Add(new PlannedColumn(IndexOf(header, input.Name), input.Name, input, 0, KindOf(input)));
        }
        return planned;
    }

    private static Result<IReadOnlyList<PlannedColumn>> Vector(ModelSignature signature, TensorSpec input, IReadOnlyList<string> header)
    {
        var others = signature.Inputs.Where(i => i.Name != input.Name).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var columns = Enumerable.Range(0, header.Count).Where(c => !others.Contains(header[c])).ToList();
        var width = TabularInputs.RowWidth(input)!.Value;
        if (width >= 0 && columns.Count != width)
            return Error.InvalidInput(
                $"The input '{input.Name}' takes {width} values per row, one per column in order, but the file has {columns.Count} column{(columns.Count == 1 ? "" : "s")}: {Quote(columns.Select(c => header[c]))}.");
        if (columns.FirstOrDefault(c => header[c].Length == 0, -1) is var unnamed and >= 0)
            return Error.InvalidInput($"Column {unnamed + 1} of the file has no name; every column needs one to name its feature.");
        return columns.Select((c, index) => new PlannedColumn(c, header[c], input, index, KindOf(input))).ToList();
    }

    private static FeatureKind KindOf(TensorSpec input) => input.DataType == TensorDataType.Bytes ? FeatureKind.Categorical : FeatureKind.Numeric;

    private static string? Duplicate(IReadOnlyList<string> header)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return header.FirstOrDefault(name => !seen.Add(name));
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == name)
                return i;
        }
        return -1;
    }

    private static string Width(TensorSpec input) => TabularInputs.RowWidth(input) is { } width and >= 0 ? width.ToString(System.Globalization.CultureInfo.InvariantCulture) : "several";

    private static string Shape(TensorSpec input) => $"{input.DataType.ProtocolName()} [{string.Join(",", input.Shape)}]";

    private static string Quote(IEnumerable<string> names)
    {
        var list = names.Select(n => $"'{NameRules.Printable(n)}'").ToList();
        return list.Count <= 12 ? string.Join(", ", list) : $"{string.Join(", ", list.Take(12))} and {list.Count - 12} more";
    }
}
