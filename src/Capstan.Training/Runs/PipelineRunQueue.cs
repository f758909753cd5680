using System.Collections.Concurrent;
using Capstan.Core.Pipelines;
using Capstan.Registry.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capstan.Training.Runs;

/// <summary>The run queue of one server process: claims queued runs up to <see cref="TrainingOptions.MaxConcurrentRuns"/>, runs them, keeps their heartbeats, and fails runs whose process stopped.</summary>
/// <remarks>
/// A run is claimed by saving it as running over the revision it was read at, so of several replicas exactly one runs
/// it. While it runs, each pass saves a heartbeat and picks up a cancellation made on another replica. A run left
/// running by a process that crashed or was stopped has no heartbeat; once it is older than
/// <see cref="TrainingOptions.RunLease"/>, any replica marks it failed ("interrupted by a restart") rather than running
/// it again: the run may have registered its candidate before it stopped, so running it again could register a second
/// one, and a trigger or a person can start a fresh run. A run cut off by a graceful stop is marked failed at once.
/// The limit is per process. Thread-safe.
/// </remarks>
public sealed class PipelineRunQueue(
    IPipelineStore store, RunExecutor executor, TrainingOptions options, TimeProvider time, ILogger<PipelineRunQueue> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, (RunJournal Journal, CancellationTokenSource Cancel, Task Work)> _running = new(StringComparer.Ordinal);
    private readonly Lock _claiming = new();
    private TaskCompletionSource _wakeup = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationToken _stopping = CancellationToken.None;

    /// <summary>This process's name in the runs it claims.</summary>
    public string ReplicaId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The ids of the runs this process is running now.</summary>
    public IReadOnlyCollection<string> Running => [.. _running.Keys];

    /// <summary>Asks the queue to look for queued runs now rather than at its next poll.</summary>
    public void Wake() => Interlocked.Exchange(ref _wakeup, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Cancels the run <paramref name="id"/> if this process is running it.</summary>
    /// <returns>Whether it was running here.</returns>
    public bool CancelHere(string id)
    {
        if (!_running.TryGetValue(id, out var running))
            return false;
        running.Journal.Update(r => r with { CancelRequested = true });
        running.Cancel.Cancel();
        return true;
    }

    /// <summary>Waits until the run <paramref name="id"/> is no longer running in this process.</summary>
    public Task WhenDoneHereAsync(string id) => _running.TryGetValue(id, out var running) ? running.Work : Task.CompletedTask;

    /// <summary>One pass: heartbeats and remote cancellations of this process's runs, runs of dead processes marked failed, queued runs claimed up to the limit.</summary>
    public async Task PassAsync(CancellationToken cancellationToken)
    {
        foreach (var (_, (journal, cancel, _)) in _running)
        {
            await journal.SaveAsync(heartbeat: true, cancellationToken);
            if (journal.StopRequested)
                await cancel.CancelAsync();
        }
        var now = time.GetUtcNow();
        foreach (var run in await store.ListRunsAsync(null, RunStatus.Running, 1000, cancellationToken))
        {
            if (_running.ContainsKey(run.Id) || (run.HeartbeatAt ?? run.StartedAt ?? run.QueuedAt) > now - options.RunLease)
                continue;
            var silent = run.HeartbeatAt ?? run.StartedAt ?? run.QueuedAt;
            var failed = run with
            {
                Status = RunStatus.Failed, FinishedAt = now,
                Reason = $"interrupted by a restart: {run.Runner ?? "its process"} last reported at {silent:u} and the lease is {options.RunLease}",
            };
            if ((await store.SaveRunAsync(failed, run.Revision, null, cancellationToken)).IsSuccess)
                logger.LogWarning("Pipeline run {Run} was left running by {Runner}; marked failed", run.Id, run.Runner);
        }
        if (_running.Count >= options.MaxConcurrentRuns)
            return;
        var queued = await store.ListRunsAsync(null, RunStatus.Queued, options.MaxConcurrentRuns * 8, cancellationToken);
        foreach (var run in queued.Reverse())
        {
            if (_running.Count >= options.MaxConcurrentRuns)
                return;
            var claimed = await store.SaveRunAsync(
                run with { Status = RunStatus.Running, StartedAt = time.GetUtcNow(), HeartbeatAt = time.GetUtcNow(), Runner = ReplicaId, Progress = new RunProgress("starting", 0, 1, "claimed") },
                run.Revision, null, cancellationToken);
            if (claimed.IsSuccess)
                Start(claimed.Value);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wakeup = Volatile.Read(ref _wakeup).Task;
            try
            {
                await PassAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The pipeline run queue's pass failed; trying again in {Interval}", options.PollInterval);
            }
            try
            {
                await Task.WhenAny(wakeup, Task.Delay(options.PollInterval, time, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var (_, (_, cancel, _)) in _running)
            await cancel.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Values.Select(r => r.Work)).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("The server stopped before every pipeline run had recorded its end");
        }
    }

    private void Start(PipelineRun run)
    {
        lock (_claiming)
        {
            var journal = new RunJournal(run, store, time, options.MaxLogLines);
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            var work = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _running[run.Id] = (journal, cancel, work.Task);
            _ = Task.Run(async () =>
            {
                try
                {
                    await RunAsync(journal, cancel.Token);
                }
                finally
                {
                    _running.TryRemove(run.Id, out _);
                    cancel.Dispose();
                    work.TrySetResult();
                    Wake();
                }
            }, CancellationToken.None);
        }
    }

    private async Task RunAsync(RunJournal journal, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(ScratchRoot(), journal.Run.Id);
        try
        {
            journal.Log($"claimed by {ReplicaId}; trigger {journal.Run.Trigger}");
            await executor.ExecuteAsync(journal, scratch, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (_stopping.IsCancellationRequested && !journal.Run.CancelRequested)
                await journal.FinishAsync(RunStatus.Failed, "interrupted by a restart: the server stopped while the run was going", CancellationToken.None);
            else
                await journal.FinishAsync(RunStatus.Cancelled, "cancelled on request; nothing was registered", CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Pipeline run {Run} failed", journal.Run.Id);
            await journal.FinishAsync(RunStatus.Failed, $"an internal error: {e.GetType().Name}: {e.Message}", CancellationToken.None);
        }
        finally
        {
            try
            {
                if (Directory.Exists(scratch))
                    Directory.Delete(scratch, recursive: true);
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "The scratch directory {Scratch} of a pipeline run could not be removed", scratch);
            }
        }
    }

    private string ScratchRoot() => options.ScratchDirectory ?? Path.Combine(Path.GetTempPath(), "capstan-runs");
}
