using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Performance;

/// <summary>The arguments of <c>capstan performance NAME</c>.</summary>
internal sealed class PerformanceSettings : ModelSettings
{
    /// <summary>How far back predictions count.</summary>
    [CommandOption("--window <DURATION>")]
    [Description("How far back from now: 90s, 30m, 24h, 7d (default 24h).")]
    public string Window { get; init; } = "24h";

    /// <summary>The length of each time bucket.</summary>
    [CommandOption("--bucket <DURATION>")]
    [Description("The length of each row's time bucket (default 1h).")]
    public string Bucket { get; init; } = "1h";

    /// <summary>The task, instead of the one the outputs suggest.</summary>
    [CommandOption("--task <TASK>")]
    [Description("binary, multiclass or regression (default: told from the model's outputs).")]
    public string? Task { get; init; }

    /// <summary>The output holding the predicted class or value.</summary>
    [CommandOption("--label-output <NAME>")]
    [Description("The output holding the predicted class (default: PredictedLabel, label, ...).")]
    public string? LabelOutput { get; init; }

    /// <summary>The output holding the score or probabilities.</summary>
    [CommandOption("--score-output <NAME>")]
    [Description("The output holding the score or probabilities (default: Probability, probabilities, Score, ...).")]
    public string? ScoreOutput { get; init; }
}
