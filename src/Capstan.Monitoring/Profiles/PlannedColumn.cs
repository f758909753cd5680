using Capstan.Core.Monitoring;
using Capstan.Core.Signatures;

namespace Capstan.Monitoring.Profiles;

/// <summary>One column of a reference data file mapped onto a model input: where it is in the file, its name, and where its values go.</summary>
/// <param name="Source">The column's position in the file.</param>
/// <param name="Name">The feature's name: the input's, or the file's column name for a value of a vector input.</param>
/// <param name="Input">The input the values feed.</param>
/// <param name="Index">The position of the value within each row of the input.</param>
/// <param name="Kind">Categorical for BYTES inputs, numeric for every other type.</param>
internal sealed record PlannedColumn(int Source, string Name, TensorSpec Input, int Index, FeatureKind Kind);
