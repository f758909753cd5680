namespace Capstan.Training.Pipelines;

/// <summary>The values a search may give one hyperparameter: a range (uniform or log-uniform) or a list of choices.</summary>
/// <remarks>A fixed value is a choice of one. Integer parameters draw whole numbers: a uniform range includes both bounds, a log range rounds.</remarks>
/// <param name="Scale">How values are drawn.</param>
/// <param name="Min">The lower bound of a range (the smallest choice for <see cref="ParameterScale.Choice"/>).</param>
/// <param name="Max">The upper bound of a range (the largest choice for <see cref="ParameterScale.Choice"/>).</param>
/// <param name="Choices">The values of a <see cref="ParameterScale.Choice"/>, in the order written; empty for ranges.</param>
public sealed record ParameterRange(ParameterScale Scale, double Min, double Max, IReadOnlyList<double> Choices)
{
    /// <summary>A range between two bounds.</summary>
    public static ParameterRange Between(double min, double max, bool log = false) => new(log ? ParameterScale.Log : ParameterScale.Uniform, min, max, []);

    /// <summary>A choice among listed values.</summary>
    public static ParameterRange OneOf(params double[] choices) => new(ParameterScale.Choice, choices.Min(), choices.Max(), choices);

    /// <summary>Draws a value with <paramref name="random"/>; whole numbers when <paramref name="integer"/>.</summary>
    public double Draw(Random random, bool integer) => Scale switch
    {
        ParameterScale.Choice => Choices[random.Next(Choices.Count)],
        ParameterScale.Uniform when integer => Min + random.NextInt64((long)(Max - Min) + 1),
        ParameterScale.Uniform => Min + random.NextDouble() * (Max - Min),
        _ when integer => Math.Round(Math.Exp(Math.Log(Min) + random.NextDouble() * (Math.Log(Max) - Math.Log(Min)))),
        _ => Math.Exp(Math.Log(Min) + random.NextDouble() * (Math.Log(Max) - Math.Log(Min))),
    };
}
