using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Pipelines;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Capstan.Cli.Pipelines;

/// <summary><c>capstan pipeline run NAME [--wait]</c>: queues a run; with <c>--wait</c>, follows its stage and trial progress with a progress bar until it ends.</summary>
/// <remarks>The exit code is 0 when the run is queued (without <c>--wait</c>) or succeeded, and non-zero when it was rejected, failed or was cancelled.</remarks>
internal sealed class PipelineRunCommand(Terminal terminal) : AsyncCommand<PipelineRunSettings>
{
    /// <summary>The exit code of a run the gate rejected.</summary>
    public const int Rejected = 10;

    /// <summary>The exit code of a run that failed or was cancelled.</summary>
    public const int Failed = 11;

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, PipelineRunSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.ResolveServer().TryGetValue(out var server, out var error))
            return terminal.Fail(error);
        if (settings.Poll is < 0.05 or > 600)
            return terminal.Fail(Error.InvalidInput("--poll must be between 0.05 and 600 seconds."));
        using var client = new CapstanClient(server) { User = Environment.UserName, ApiKey = settings.ResolveApiKey(server) };
        if (!(await client.StartRunAsync(settings.Name, cancellationToken)).TryGetValue(out var run, out error))
            return terminal.Fail(error);
        if (settings.Wait && !(await FollowAsync(client, run, settings, cancellationToken)).TryGetValue(out run, out error))
            return terminal.Fail(error);
        if (settings.Json)
            terminal.WriteJson(run);
        else
            terminal.Output.MarkupLine(Summary(run));
        return run.Status switch
        {
            RunStatus.Queued or RunStatus.Running or RunStatus.Succeeded => ExitCodes.Ok,
            RunStatus.Rejected => Rejected,
            _ => Failed,
        };
    }

    /// <summary>One line on a run: its id, status and reason.</summary>
    public static string Summary(PipelineRun run) =>
        $"Run [bold]{Markup.Escape(run.Id)}[/] of {Markup.Escape(run.Pipeline)}: {RunsCommand.Status(run.Status)}" + (run.Reason is null ? "." : $": {Markup.Escape(run.Reason)}");

    private async Task<Result<PipelineRun>> FollowAsync(CapstanClient client, PipelineRun run, PipelineRunSettings settings, CancellationToken cancellationToken)
    {
        var poll = TimeSpan.FromSeconds(settings.Poll);
        if (settings.Json || !terminal.IsInteractive)
            return await PollAsync(client, run.Id, poll, null, cancellationToken);
        return await terminal.Output.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape($"{run.Id}: queued"), maxValue: 1);
                return await PollAsync(client, run.Id, poll, current =>
                {
                    if (current.Progress is { } p)
                    {
                        task.MaxValue = Math.Max(p.Total, 1);
                        task.Value = p.Done;
                        task.Description = Markup.Escape($"{p.Stage}: {p.Message}");
                    }
                    if (current.Ended)
                        task.StopTask();
                }, cancellationToken);
            });
    }

    private static async Task<Result<PipelineRun>> PollAsync(
        CapstanClient client, string id, TimeSpan poll, Action<PipelineRun>? show, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!(await client.GetRunAsync(id, cancellationToken)).TryGetValue(out var run, out var error))
                return error;
            show?.Invoke(run);
            if (run.Ended)
                return run;
            await Task.Delay(poll, cancellationToken);
        }
    }
}
