using System.Text.Json;

namespace Capstan.Client.Inference;

/// <summary>The answer of the tabular predict call: one object of output values per instance, in the instances' order, and the version that computed them.</summary>
/// <param name="Model">The serving name.</param>
/// <param name="Version">The version that answered.</param>
/// <param name="Rows">Each instance's outputs by name: a value for an output whose rows are scalars, an array otherwise.</param>
public sealed record TabularPredictions(string Model, int Version, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> Rows);
