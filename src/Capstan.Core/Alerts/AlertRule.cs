using System.Text.Json.Serialization;

namespace Capstan.Core.Alerts;

/// <summary>An alert rule: a condition on one signal of one model, how long it must hold to fire, and where its notifications go.</summary>
/// <param name="Name">The rule's name, unique in the registry, with the character rules of model names.</param>
/// <param name="Model">The model whose signal the rule watches.</param>
/// <param name="Signal">The signal's name, as a signal source provides it.</param>
/// <param name="Comparison">How the value is compared with <paramref name="Threshold"/>.</param>
/// <param name="Threshold">The value the signal is compared with.</param>
/// <param name="WindowSeconds">The span of recent data each evaluation reads the signal over.</param>
/// <param name="ForSeconds">How long the condition must hold before the rule fires; 0 fires at the first evaluation that finds it true.</param>
/// <param name="Severity">A label for the people notified, or null.</param>
/// <param name="Description">What the alert means and what to do, or null.</param>
/// <param name="Webhooks">Where notifications go.</param>
/// <param name="UpdatedAt">When the rule was last created or replaced.</param>
/// <param name="UpdatedBy">Who did it.</param>
public sealed record AlertRule(
    string Name,
    string Model,
    string Signal,
    AlertComparison Comparison,
    double Threshold,
    long WindowSeconds,
    long ForSeconds,
    string? Severity,
    string? Description,
    IReadOnlyList<AlertWebhook> Webhooks,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    /// <summary>The span each evaluation reads the signal over.</summary>
    [JsonIgnore]
    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    /// <summary>How long the condition must hold before the rule fires.</summary>
    [JsonIgnore]
    public TimeSpan For => TimeSpan.FromSeconds(ForSeconds);

    /// <summary>The condition as people write it, such as <c>error_rate &gt; 0.05</c>.</summary>
    [JsonIgnore]
    public string Condition => $"{Signal} {Operator(Comparison)} {Threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Whether the condition holds for <paramref name="value"/>.</summary>
    public bool Holds(double value) => Comparison switch
    {
        AlertComparison.Above => value > Threshold,
        AlertComparison.AtOrAbove => value >= Threshold,
        AlertComparison.Below => value < Threshold,
        _ => value <= Threshold,
    };

    /// <summary>The operator of a comparison: <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c> or <c>&lt;=</c>.</summary>
    public static string Operator(AlertComparison comparison) => comparison switch
    {
        AlertComparison.Above => ">",
        AlertComparison.AtOrAbove => ">=",
        AlertComparison.Below => "<",
        _ => "<=",
    };
}
