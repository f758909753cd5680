using System.Text;
using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Monitoring;
using Spectre.Console;

namespace Capstan.Cli.Drift;

/// <summary><c>capstan drift NAME</c>: a model's drift over a window of its inference log, as a table per version with the dataset and prediction verdicts, and optionally an HTML report.</summary>
internal sealed class DriftCommand(Terminal terminal) : ClientCommand<DriftCommandSettings, DriftReport>(terminal)
{
    private string? _html;

    /// <inheritdoc />
    protected override async Task<Result<DriftReport>> RunAsync(CapstanClient client, DriftCommandSettings settings, CancellationToken cancellationToken)
    {
        TimeSpan? window = null;
        if (settings.Window is not null)
        {
            if (!TimeArguments.Duration(settings.Window, "--window").TryGetValue(out var duration, out var error))
                return error;
            window = duration;
        }
        DriftTest? test = null;
        if (settings.Test is not null)
        {
            if (!DriftTests.Parse(settings.Test).TryGetValue(out var parsed, out var error))
                return error;
            test = parsed;
        }
        if (settings.Threshold is not null && test is null)
            return Error.InvalidInput("--threshold needs --test: the threshold of which test (ks, chisquare, z, wasserstein, jensenshannon or psi)?");
        if (!(await client.GetDriftAsync(settings.Name, window, test, settings.Threshold, settings.Share, cancellationToken)).TryGetValue(out var report, out var failure))
            return failure;
        if (settings.Html is { } path)
        {
            var html = DriftHtml.Write(report);
            if (!(await WholeFile.WriteAsync(path, "the HTML report", (file, token) => file.WriteAsync(Encoding.UTF8.GetBytes(html), token).AsTask(), cancellationToken))
                .TryGetValue(out _html, out var unwritten))
                return unwritten;
        }
        return report;
    }

    /// <inheritdoc />
    protected override void Render(DriftReport output)
    {
        DriftView.Render(Terminal.Output, output);
        if (_html is not null)
            Terminal.Output.MarkupLineInterpolated($"Wrote the HTML report to {_html}.");
    }
}
