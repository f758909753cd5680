namespace Capstan.Core.Monitoring;

/// <summary>One column of a reference profile and where its values sit in the tensors of a request or a response.</summary>
/// <remarks>
/// A row of tensor <see cref="Tensor"/> (its first dimension) holds one or more values; the column is the value at
/// <see cref="Index"/> within each row: 0 for an input or output with one value per row, the position in the vector for
/// one such as <c>Features</c> [-1, 30].
/// </remarks>
/// <param name="Tensor">The input or output the values come from.</param>
/// <param name="Index">The position of the value within each row of that tensor.</param>
/// <param name="Profile">The reference's profile of the column; its name is the column's name.</param>
public sealed record ProfiledColumn(string Tensor, int Index, FeatureProfile Profile);
