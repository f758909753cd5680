using System.Globalization;
using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Performance;
using Spectre.Console;

namespace Capstan.Cli.Performance;

/// <summary><c>capstan performance NAME</c>: prints a model's realized performance as a table, a row per version and time bucket and one for each version's whole window.</summary>
internal sealed class PerformanceCommand(Terminal terminal) : ClientCommand<PerformanceSettings, PerformanceReport>(terminal)
{
    private static readonly string[] Classification = ["accuracy", "precision", "recall", "f1", "auc", "log loss"];

    private static readonly string[] Regression = ["mae", "rmse", "r2"];

    /// <inheritdoc />
    protected override async Task<Result<PerformanceReport>> RunAsync(CapstanClient client, PerformanceSettings settings, CancellationToken cancellationToken)
    {
        PerformanceTask? task = settings.Task switch
        {
            null => null,
            "binary" => PerformanceTask.Binary,
            "multiclass" => PerformanceTask.Multiclass,
            "regression" => PerformanceTask.Regression,
            _ => (PerformanceTask?)null,
        };
        if (settings.Task is not null && task is null)
            return Error.InvalidInput($"--task '{settings.Task}' is not one of binary, multiclass or regression.");
        if (!TimeArguments.Duration(settings.Window, "--window").TryGetValue(out var window, out var error)
            || !TimeArguments.Duration(settings.Bucket, "--bucket").TryGetValue(out var bucket, out error))
            return error;
        return await client.GetPerformanceAsync(settings.Name, window, bucket, task, settings.LabelOutput, settings.ScoreOutput, cancellationToken);
    }

    /// <inheritdoc />
    protected override void Render(PerformanceReport output)
    {
        var span = $"{Display.Time(output.Since)} to {Display.Time(output.Until)}";
        if (output.Versions.Count == 0)
        {
            Terminal.Output.MarkupLine($"[grey]No logged predictions of {Markup.Escape(output.Model)} from {span}.[/]");
            return;
        }
        var classifies = output.Versions.Any(v => v.Task != PerformanceTask.Regression);
        var regresses = output.Versions.Any(v => v.Task == PerformanceTask.Regression);
        var skips = output.Versions.Any(v => v.Overall.Skipped > 0);
        string[] columns = ["version", "bucket", "joined", "no label", .. skips ? ["skipped"] : Array.Empty<string>(), .. classifies ? Classification : [], .. regresses ? Regression : []];
        var table = new Table().AddColumns(columns);
        foreach (var version in output.Versions)
        {
            foreach (var bucket in version.Buckets)
                table.AddRow(Row(version.Version, Display.Time(bucket.Start), bucket.Figures, skips, classifies, regresses));
            table.AddRow(Row(version.Version, "[bold]whole window[/]", version.Overall, skips, classifies, regresses));
        }
        Terminal.Output.MarkupLine($"Realized performance of [blue]{Markup.Escape(output.Model)}[/] from {span}, labels joined by request id:");
        foreach (var version in output.Versions)
            Terminal.Output.MarkupLine(Markup.Escape($"  version {version.Version}: {Display.Name(version.Task)}, predicted {version.LabelOutput ?? "-"}, scored {version.ScoreOutput ?? "-"}"));
        Terminal.Output.Write(table);
        if (output.Truncated)
            Terminal.Output.MarkupLine("[yellow]The window held more logged predictions than one report reads; only the oldest were joined.[/]");
    }

    private static string[] Row(string version, string bucket, PerformanceFigures f, bool skips, bool classifies, bool regresses) =>
    [
        Markup.Escape(version), bucket, Count(f.Joined), Count(f.Unmatched), .. skips ? [Count(f.Skipped)] : Array.Empty<string>(),
        .. classifies ? new[] { Figure(f.Accuracy), Figure(f.Precision), Figure(f.Recall), Figure(f.F1), Figure(f.Auc), Figure(f.LogLoss) } : [],
        .. regresses ? new[] { Figure(f.Mae), Figure(f.Rmse), Figure(f.R2) } : [],
    ];

    private static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private static string Figure(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
}
