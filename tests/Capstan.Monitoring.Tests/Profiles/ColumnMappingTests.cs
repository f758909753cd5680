using Capstan.Core.Monitoring;
using Capstan.Core.Signatures;
using Capstan.Monitoring.Profiles;

namespace Capstan.Monitoring.Tests.Profiles;

public sealed class ColumnMappingTests
{
    private static readonly ModelSignature Vector = new(
        [new TensorSpec("Features", TensorDataType.Fp32, [-1, 3]), new TensorSpec("Label", TensorDataType.Bool, [-1])], [], ["Features"]);

    private static readonly ModelSignature Scalars = new(
        [new TensorSpec("age", TensorDataType.Int64, [-1, 1]), new TensorSpec("city", TensorDataType.Bytes, [-1])], [], ["age", "city"]);

    [Fact]
    public void Plan_GivesAVectorInputTheColumnsInOrder_LeavingOutColumnsNamedAfterOtherInputs()
    {
        var plan = ColumnMapping.Plan(Vector, ["a", "Label", "b", "c"]).Value;

        Assert.Equal([(0, "a", 0), (2, "b", 1), (3, "c", 2)], plan.Select(p => (p.Source, p.Name, p.Index)));
        Assert.All(plan, p => Assert.Equal(("Features", FeatureKind.Numeric), (p.Input.Name, p.Kind)));
    }

    [Fact]
    public void Plan_TakesScalarInputsByName_IgnoringOtherColumns_AndBytesAreCategorical()
    {
        var plan = ColumnMapping.Plan(Scalars, ["id", "city", "age"]).Value;

        Assert.Equal([(2, "age", FeatureKind.Numeric), (1, "city", FeatureKind.Categorical)], plan.Select(p => (p.Source, p.Name, p.Kind)));
    }

    [Fact]
    public void Plan_TakesAVariableVectorAsEveryColumn()
    {
        var signature = new ModelSignature([new TensorSpec("x", TensorDataType.Fp64, [-1, -1])], [], ["x"]);

        Assert.Equal(["p", "q"], ColumnMapping.Plan(signature, ["p", "q"]).Value.Select(p => p.Name));
    }

    [Theory]
    [InlineData("vector", new[] { "a", "b" }, "The input 'Features' takes 3 values per row, one per column in order, but the file has 2 columns: 'a', 'b'.")]
    [InlineData("vector", new[] { "a", "", "c" }, "Column 2 of the file has no name; every column needs one to name its feature.")]
    [InlineData("vector", new[] { "a", "a", "c" }, "The file has more than one column named 'a'.")]
    [InlineData("scalars", new[] { "age" }, "The file has no column for the input 'city'; name each column after the input it feeds (the file's columns are 'age').")]
    [InlineData("mixed", new[] { "v", "s" }, "The input 'v' takes 2 values per row, which one column cannot hold;")]
    [InlineData("image", new[] { "img" }, "The input 'img' is FP32 [-1,2,2]; a table's column can only feed an input declared [-1], [-1,1] or [-1,k].")]
    public void Plan_RefusesAFileThatCannotFeedTheInputs(string model, string[] header, string expected)
    {
        var signature = model switch
        {
            "vector" => Vector,
            "scalars" => Scalars,
            "mixed" => new ModelSignature([new TensorSpec("v", TensorDataType.Fp32, [-1, 2]), new TensorSpec("s", TensorDataType.Fp32, [-1])], [], ["v", "s"]),
            _ => new ModelSignature([new TensorSpec("img", TensorDataType.Fp32, [-1, 2, 2])], [], ["img"]),
        };

        var error = ColumnMapping.Plan(signature, header).Error;

        Assert.StartsWith(expected, error.Message);
    }
}
