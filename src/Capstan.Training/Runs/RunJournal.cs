using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Core.Pipelines;
using Capstan.Registry.Stores;
using Capstan.Training.Pipelines;

namespace Capstan.Training.Runs;

/// <summary>The record of one run this process is running: its log, its progress and its result, saved to the store as they change.</summary>
/// <remarks>
/// Mutable and thread-safe: the pipeline runner reports progress from its training thread while the run queue saves a
/// heartbeat. Each save checks the stored revision; when someone else changed the run meanwhile (a cancellation, or a
/// replica that took the run for dead) the journal reloads it, keeps their cancellation or their ending, and saves
/// its own fields on top unless the run has already ended.
/// </remarks>
public sealed class RunJournal : IProgress<PipelineProgress>
{
    private readonly IPipelineStore _store;
    private readonly TimeProvider _time;
    private readonly int _maxLogLines;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _saving = new(1, 1);
    private PipelineRun _run;
    private bool _dirty;

    /// <summary>Starts the journal of <paramref name="run"/>, which this process has just claimed.</summary>
    public RunJournal(PipelineRun run, IPipelineStore store, TimeProvider time, int maxLogLines)
    {
        _run = run;
        _store = store;
        _time = time;
        _maxLogLines = maxLogLines;
    }

    /// <summary>The run as this process sees it now.</summary>
    public PipelineRun Run
    {
        get
        {
            lock (_lock)
                return _run;
        }
    }

    /// <summary>Whether someone asked for the run to stop, here or on another replica, or the run was ended elsewhere.</summary>
    public bool StopRequested
    {
        get
        {
            lock (_lock)
                return _run.CancelRequested || _run.Ended;
        }
    }

    /// <summary>Appends a line to the run's log, dated now.</summary>
    public void Log(string line)
    {
        lock (_lock)
        {
            var stamped = $"{_time.GetUtcNow().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {line}";
            var log = _run.Log.Count < _maxLogLines ? [.. _run.Log, stamped] : (List<string>)[.. _run.Log.Take(10), .. _run.Log.Skip(11), stamped];
            _run = _run with { Log = log };
            _dirty = true;
        }
    }

    /// <summary>Records a progress report from the pipeline runner and logs its message.</summary>
    public void Report(PipelineProgress value)
    {
        Report(value.Stage.ToString().ToLowerInvariant(), value.Done, value.Total, value.Message);
    }

    /// <summary>Records the run's stage and what just happened, and logs it.</summary>
    public void Report(string stage, int done, int total, string message)
    {
        lock (_lock)
            _run = _run with { Progress = new RunProgress(stage, done, total, message) };
        Log(message);
    }

    /// <summary>Changes the run's own fields, such as its outcome.</summary>
    public void Update(Func<PipelineRun, PipelineRun> change)
    {
        lock (_lock)
        {
            _run = change(_run);
            _dirty = true;
        }
    }

    /// <summary>Ends the run with <paramref name="status"/> and <paramref name="reason"/>, logs the reason and saves it.</summary>
    /// <returns>The run as stored, or the error when it could not be saved.</returns>
    public Task<Result<PipelineRun>> FinishAsync(RunStatus status, string reason, CancellationToken cancellationToken)
    {
        Log($"{status.ToString().ToLowerInvariant()}: {reason}");
        Update(run => run with { Status = status, Reason = reason, FinishedAt = _time.GetUtcNow() });
        return SaveAsync(heartbeat: false, cancellationToken);
    }

    /// <summary>Saves the run with a fresh heartbeat (or only when it changed, without <paramref name="heartbeat"/>), merging what others changed meanwhile.</summary>
    public async Task<Result<PipelineRun>> SaveAsync(bool heartbeat, CancellationToken cancellationToken)
    {
        await _saving.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                PipelineRun mine;
                lock (_lock)
                {
                    if (!heartbeat && !_dirty)
                        return _run;
                    mine = _run with { HeartbeatAt = _time.GetUtcNow() };
                    _dirty = false;
                }
                var saved = await _store.SaveRunAsync(mine, mine.Revision, null, cancellationToken);
                if (saved.IsSuccess || saved.Error.Code != ErrorCode.Conflict || attempt == 3)
                {
                    lock (_lock)
                    {
                        if (saved.IsSuccess)
                            _run = _run with { Revision = saved.Value.Revision, HeartbeatAt = saved.Value.HeartbeatAt };
                        else
                            _dirty = true;
                    }
                    return saved;
                }
                if (!(await _store.GetRunAsync(mine.Id, cancellationToken)).TryGetValue(out var theirs, out var error))
                    return error;
                lock (_lock)
                {
                    _dirty = true;
                    _run = theirs.Ended
                        ? theirs
                        : _run with { Revision = theirs.Revision, CancelRequested = _run.CancelRequested || theirs.CancelRequested };
                    if (theirs.Ended)
                        return theirs;
                }
            }
        }
        finally
        {
            _saving.Release();
        }
    }
}
