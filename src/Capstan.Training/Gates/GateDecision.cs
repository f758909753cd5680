namespace Capstan.Training.Gates;

/// <summary>Whether a candidate may replace the champion, every rule's verdict, and the reason in one line.</summary>
/// <param name="Passed">Whether every rule passed.</param>
/// <param name="Rules">Each rule the gate has, in the order checked.</param>
public sealed record GateDecision(bool Passed, IReadOnlyList<GateRule> Rules)
{
    /// <summary>The failed rules' details when the gate failed, otherwise every rule's, joined with "; ".</summary>
    public string Reason => Rules.Count == 0
        ? "The gate has no rules, so any candidate passes."
        : string.Join("; ", Rules.Where(r => r.Passed == Passed).Select(r => $"{r.Name}: {r.Detail}"));
}
