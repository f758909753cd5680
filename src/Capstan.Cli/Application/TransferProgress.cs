using Spectre.Console;

namespace Capstan.Cli.Application;

/// <summary>Shows a progress bar for a large upload or download when a person is watching.</summary>
internal static class TransferProgress
{
    /// <summary>Transfers smaller than this finish too fast for a bar to help.</summary>
    public const long Threshold = 1024 * 1024;

    /// <summary>Runs <paramref name="transfer"/>, with a progress bar when <paramref name="terminal"/> is interactive, <paramref name="json"/> is off and the transfer is large.</summary>
    /// <param name="terminal">Where the bar is drawn.</param>
    /// <param name="json">Whether the command prints JSON, which a bar would disturb.</param>
    /// <param name="description">What is being transferred.</param>
    /// <param name="totalBytes">The size of the transfer.</param>
    /// <param name="transfer">The transfer, given the progress sink or null.</param>
    public static Task<T> RunAsync<T>(Terminal terminal, bool json, string description, long totalBytes, Func<IProgress<long>?, Task<T>> transfer)
    {
        if (json || !terminal.IsInteractive || totalBytes < Threshold)
            return transfer(null);
        return terminal.Output.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(context => transfer(new TaskProgress(context.AddTask(Markup.Escape(description), maxValue: totalBytes))));
    }

    private sealed class TaskProgress(ProgressTask task) : IProgress<long>
    {
        public void Report(long value) => task.Value = value;
    }
}
