using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Core.Tests.Tensors;

public sealed class TensorTests
{
    [Fact]
    public void From_CopiesTypedValuesIntoALittleEndianBuffer()
    {
        var tensor = Tensor.From("x", TensorDataType.Fp32, [2, 2], [1f, 2f, 3f, 4f]);

        Assert.Equal(4, tensor.ElementCount);
        Assert.Equal(16, tensor.Data.Length);
        Assert.Equal([1f, 2f, 3f, 4f], tensor.Span<float>().ToArray());
        Assert.Equal(BitConverter.GetBytes(2f), tensor.Data.Span[4..8].ToArray());
    }

    [Fact]
    public void FromBuffer_RefusesABufferThatDoesNotMatchTheShape()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.FromBuffer("x", TensorDataType.Int64, [3], new byte[16]));

        Assert.Contains("need 24 bytes, not 16", error.Message);
    }

    [Fact]
    public void FromBuffer_RefusesAShapeWhoseByteCountOverflows()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.FromBuffer("x", TensorDataType.Fp64, [1L << 61], Array.Empty<byte>()));

        Assert.Contains("need 18446744073709551616 bytes, not 0", error.Message);
    }

    [Fact]
    public void FromBuffer_RefusesBytesAndNegativeDimensions()
    {
        Assert.Throws<ArgumentException>(() => Tensor.FromBuffer("x", TensorDataType.Bytes, [1], new byte[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.FromBuffer("x", TensorDataType.Fp32, [-1, 2], new byte[8]));
    }

    [Fact]
    public void FromElements_HoldsOneBufferPerBytesElement()
    {
        var tensor = Tensor.FromElements("text", [2], ["ab"u8.ToArray(), "c"u8.ToArray()]);

        Assert.Equal(TensorDataType.Bytes, tensor.DataType);
        Assert.Equal(2, tensor.ElementCount);
        Assert.True(tensor.Data.IsEmpty);
        Assert.Throws<ArgumentException>(() => Tensor.FromElements("text", [3], ["a"u8.ToArray()]));
    }

    [Fact]
    public void Span_RefusesATypeOfAnotherSize()
    {
        var tensor = Tensor.From("x", TensorDataType.Int32, [1], [7]);

        Assert.Throws<InvalidOperationException>(() => tensor.Span<long>().Length);
    }

    [Theory]
    [InlineData("BOOL", TensorDataType.Bool, 1)]
    [InlineData("UINT16", TensorDataType.UInt16, 2)]
    [InlineData("FP16", TensorDataType.Fp16, 2)]
    [InlineData("INT32", TensorDataType.Int32, 4)]
    [InlineData("FP64", TensorDataType.Fp64, 8)]
    [InlineData("BYTES", TensorDataType.Bytes, 0)]
    public void DataTypes_RoundTripTheirProtocolNamesAndKnowTheirSize(string name, TensorDataType type, int size)
    {
        Assert.True(TensorDataTypes.TryParse(name, out var parsed));
        Assert.Equal((type, name, size), (parsed, type.ProtocolName(), type.ElementSize()));
    }

    [Theory]
    [InlineData("fp32")]
    [InlineData("FLOAT")]
    [InlineData("")]
    public void DataTypes_RefuseNamesOutsideTheProtocol(string name)
    {
        Assert.False(TensorDataTypes.TryParse(name, out _));
    }

    [Fact]
    public void From_TakesBooleansAsOneByteEach()
    {
        var tensor = Tensor.From("flags", TensorDataType.Bool, [3], [true, false, true]);

        Assert.Equal([1, 0, 1], tensor.Data.ToArray());
        Assert.Equal([true, false, true], tensor.Span<bool>().ToArray());
    }
}
