namespace Capstan.Training.Candidates;

/// <summary>A hyperparameter a trainer takes: its spec name, whether it is whole, and the values it accepts.</summary>
/// <param name="Name">The snake_case name a spec uses.</param>
/// <param name="Integer">Whether only whole numbers are valid.</param>
/// <param name="Min">The smallest valid value.</param>
/// <param name="Max">The largest valid value.</param>
public sealed record HyperParameter(string Name, bool Integer, double Min, double Max)
{
    /// <summary>Whether <paramref name="value"/> is valid for this parameter.</summary>
    public bool Accepts(double value) => value >= Min && value <= Max && (!Integer || value == Math.Floor(value));
}
