using Capstan.Core.Signatures;
using Capstan.Monitoring.Profiles;

namespace Capstan.Monitoring.Tests.Profiles;

public sealed class CellValuesTests
{
    [Theory]
    [InlineData("", TensorDataType.Fp32)]
    [InlineData(" NA ", TensorDataType.Int64)]
    [InlineData("nan", TensorDataType.Fp64)]
    [InlineData("null", TensorDataType.Bool)]
    public void ReadNumber_TakesTheUsualSpellingsOfMissingAsNaN(string text, TensorDataType type)
    {
        Assert.Null(CellValues.ReadNumber(text, type, out var value));
        Assert.True(double.IsNaN(value));
    }

    [Theory]
    [InlineData("0.1", TensorDataType.Fp32, 0.10000000149011612)]
    [InlineData("0.1", TensorDataType.Fp64, 0.1)]
    [InlineData("TRUE", TensorDataType.Bool, 1)]
    [InlineData("0", TensorDataType.Bool, 0)]
    [InlineData("-128", TensorDataType.Int8, -128)]
    [InlineData("4e3", TensorDataType.UInt16, 4000)]
    public void ReadNumber_ReadsTheValueAsTheInputHoldsIt(string text, TensorDataType type, double expected)
    {
        Assert.Null(CellValues.ReadNumber(text, type, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("abc", TensorDataType.Fp32, "is not a number")]
    [InlineData("yes", TensorDataType.Bool, "is not true, false, 1 or 0")]
    [InlineData("1.5", TensorDataType.Int32, "is not a whole number")]
    [InlineData("256", TensorDataType.UInt8, "is outside the range of UINT8")]
    [InlineData("-1", TensorDataType.UInt64, "is outside the range of UINT64")]
    [InlineData("1e39", TensorDataType.Fp32, "is outside the range of FP32")]
    [InlineData("Infinity", TensorDataType.Fp64, "is infinite, which a profile cannot hold")]
    public void ReadNumber_SaysWhatIsWrongWithAValueTheInputCannotTake(string text, TensorDataType type, string expected)
    {
        Assert.Equal(expected, CellValues.ReadNumber(text, type, out _));
    }
}
