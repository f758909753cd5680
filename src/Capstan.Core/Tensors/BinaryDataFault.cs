namespace Capstan.Core.Tensors;

/// <summary>What is wrong with a tensor's binary data, if anything.</summary>
/// <param name="Kind">The fault, or <see cref="BinaryDataFaultKind.None"/>.</param>
/// <param name="Element">The element at fault, for <see cref="BinaryDataFaultKind.NotABoolean"/> and <see cref="BinaryDataFaultKind.TextPastEnd"/>.</param>
/// <param name="Value">The byte that is not a boolean, or the bytes left over.</param>
public readonly record struct BinaryDataFault(BinaryDataFaultKind Kind, long Element = 0, long Value = 0);
