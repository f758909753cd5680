using Capstan.Core.Errors;
using Capstan.Core.Naming;

namespace Capstan.Core.Monitoring;

/// <summary>The names of the <see cref="DriftTest"/>s, as Evidently and the API spell them: <c>ks</c>, <c>chisquare</c>, <c>z</c>, <c>wasserstein</c>, <c>jensenshannon</c>, <c>psi</c>.</summary>
public static class DriftTests
{
    private static readonly (string Name, DriftTest Test)[] Names =
    [
        ("ks", DriftTest.KolmogorovSmirnov), ("chisquare", DriftTest.ChiSquared), ("z", DriftTest.ZTest),
        ("wasserstein", DriftTest.NormedWasserstein), ("jensenshannon", DriftTest.JensenShannon), ("psi", DriftTest.PopulationStabilityIndex),
    ];

    /// <summary>The test's name, such as <c>psi</c>.</summary>
    public static string NameOf(DriftTest test) => Array.Find(Names, n => n.Test == test).Name;

    /// <summary>Reads a test's name, ignoring case.</summary>
    public static Result<DriftTest> Parse(string text)
    {
        foreach (var (name, test) in Names)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                return test;
        }
        return Error.InvalidInput($"The drift test '{NameRules.Printable(text)}' is not one of {string.Join(", ", Names.Select(n => n.Name))}.");
    }
}
