namespace Capstan.Server.Inference.Grpc;

/// <summary>An <c>InferParameter</c> as it lies in a <c>ModelInferRequest</c> message: which of its oneof's fields it holds, and that field's value.</summary>
/// <param name="Choice">The field number of the value held (<see cref="BoolChoice"/> to <see cref="UInt64Choice"/>), or 0 for none.</param>
/// <param name="Bits">A varint, or the bits of a double.</param>
/// <param name="Text">A string's bytes.</param>
internal readonly record struct ParameterValue(int Choice, ulong Bits, (int Start, int Length) Text)
{
    /// <summary>The field number of bool_param.</summary>
    public const int BoolChoice = 1;

    /// <summary>The field number of int64_param.</summary>
    public const int Int64Choice = 2;

    /// <summary>The field number of string_param.</summary>
    public const int StringChoice = 3;

    /// <summary>The field number of double_param.</summary>
    public const int DoubleChoice = 4;

    /// <summary>The field number of uint64_param.</summary>
    public const int UInt64Choice = 5;
}
