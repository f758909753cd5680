using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Pipelines;
using Capstan.Core.Security;
using Capstan.Registry.Stores;
using Capstan.Training.Pipelines;

namespace Capstan.Training.Runs;

/// <summary>Continuous training for every front end: apply, read and delete pipeline specs, queue runs, read them and cancel them.</summary>
/// <remarks>
/// A spec is checked in full before it is stored (the reader's messages name the line and field) and applying one
/// whose canonical hash is already stored writes nothing. Queuing a run wakes this process's run queue. Thread-safe.
/// </remarks>
public sealed class PipelineService(IPipelineStore store, PipelineRunQueue queue, TimeProvider time)
{
    /// <summary>The most runs one listing returns.</summary>
    public const int MaxListedRuns = 500;

    /// <summary>The trigger of runs started by a person.</summary>
    public const string Manual = "manual";

    /// <summary>Checks <paramref name="text"/> as the spec of pipeline <paramref name="name"/>, applied from <paramref name="codeCommit"/>, and stores it unless the stored spec has the same hash and commit.</summary>
    public async Task<Result<PipelineApplied>> ApplyAsync(string? name, string? text, string? codeCommit, Actor actor, CancellationToken cancellationToken)
    {
        if (!Parse(name, text).TryGetValue(out var spec, out var error))
            return error;
        if (codeCommit is not null && !IsCommit(codeCommit))
            return Error.InvalidInput($"The code commit '{NameRules.Printable(codeCommit)}' is not a git commit id (7 to 64 lowercase hexadecimal digits).");
        if ((await store.GetPipelineAsync(spec.Name, cancellationToken)).TryGetValue(out var existing, out _) && existing.SpecHash == spec.Hash && existing.CodeCommit == codeCommit)
            return new PipelineApplied(existing, false);
        return (await store.SetPipelineAsync(spec.Name, spec.Model, text!, spec.Hash, codeCommit, actor, cancellationToken)).Map(p => new PipelineApplied(p, true));
    }

    private static bool IsCommit(string text) => text.Length is >= 7 and <= 64 && text.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));

    /// <summary>Checks <paramref name="text"/> as the spec of pipeline <paramref name="name"/>: size, syntax, fields, and that the spec names the same pipeline.</summary>
    public static Result<PipelineSpec> Parse(string? name, string? text)
    {
        if (!ModelName.Parse(name).TryGetValue(out _, out var error))
            return Error.InvalidInput($"The pipeline name is invalid: {error.Message}");
        if (string.IsNullOrWhiteSpace(text))
            return Error.InvalidInput("The spec is empty; send the pipeline's YAML or JSON spec as the body.");
        if (Encoding.UTF8.GetByteCount(text) > PipelineSpecReader.MaxBytes)
            return Error.TooLarge($"The spec is larger than {PipelineSpecReader.MaxBytes} bytes.");
        if (!PipelineSpecReader.Parse(text, $"pipeline {name}").TryGetValue(out var spec, out error))
            return error;
        if (spec.Name != name)
            return Error.InvalidInput($"name: the spec names pipeline '{spec.Name}', but it is applied as '{name}'; make them the same.");
        return spec;
    }

    /// <summary>Gets a pipeline.</summary>
    public Task<Result<PipelineInfo>> GetAsync(string name, CancellationToken cancellationToken) => store.GetPipelineAsync(name, cancellationToken);

    /// <summary>Lists every pipeline by name.</summary>
    public Task<IReadOnlyList<PipelineInfo>> ListAsync(CancellationToken cancellationToken) => store.ListPipelinesAsync(cancellationToken);

    /// <summary>Deletes a pipeline; Conflict while a run of it is queued or running.</summary>
    public Task<Result<PipelineInfo>> DeleteAsync(string name, Actor actor, CancellationToken cancellationToken) => store.DeletePipelineAsync(name, actor, cancellationToken);

    /// <summary>Queues a run of <paramref name="name"/> started by <paramref name="trigger"/>; with a <paramref name="triggerKey"/>, AlreadyExists when that firing already queued one.</summary>
    public async Task<Result<PipelineRun>> QueueAsync(string name, string trigger, string? triggerKey, Actor actor, CancellationToken cancellationToken)
    {
        if (!(await store.GetPipelineAsync(name, cancellationToken)).TryGetValue(out var pipeline, out var error))
            return error;
        var now = time.GetUtcNow();
        var run = new PipelineRun(
            NewId(now), pipeline.Name, pipeline.Model, pipeline.SpecHash, trigger, RunStatus.Queued, now, null, null, actor.Name, null, null, false,
            null, new Dictionary<string, string>(), null, null, null, null, [], 0);
        var added = await store.AddRunAsync(run, triggerKey, actor, cancellationToken);
        if (added.IsSuccess)
            queue.Wake();
        return added;
    }

    /// <summary>Gets a run.</summary>
    public Task<Result<PipelineRun>> GetRunAsync(string id, CancellationToken cancellationToken) => store.GetRunAsync(id, cancellationToken);

    /// <summary>Lists runs newest first, of one pipeline or all, at most <paramref name="limit"/> (default 50, at most <see cref="MaxListedRuns"/>).</summary>
    public async Task<Result<IReadOnlyList<PipelineRun>>> ListRunsAsync(string? pipeline, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxListedRuns)
            return Error.InvalidInput($"limit must be between 1 and {MaxListedRuns}.");
        if (pipeline is not null && !ModelName.Parse(pipeline).IsSuccess)
            return Error.InvalidInput($"'{pipeline}' is not a pipeline name.");
        return Result<IReadOnlyList<PipelineRun>>.Success(await store.ListRunsAsync(pipeline, null, limit ?? 50, cancellationToken));
    }

    /// <summary>Cancels a run: a queued run ends at once; a running one is stopped promptly by the process running it. Conflict when it has ended.</summary>
    public async Task<Result<PipelineRun>> CancelAsync(string id, Actor actor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (!(await store.GetRunAsync(id, cancellationToken)).TryGetValue(out var run, out var error))
                return error;
            if (run.Ended)
                return Error.Conflict($"Run {id} has already ended: {run.Status.ToString().ToLowerInvariant()}.");
            if (run.CancelRequested)
                return run;
            var cancelled = run.Status == RunStatus.Queued
                ? run with { Status = RunStatus.Cancelled, CancelRequested = true, FinishedAt = time.GetUtcNow(), Reason = $"cancelled by {actor.Name} before it started" }
                : run with { CancelRequested = true };
            var saved = await store.SaveRunAsync(cancelled, run.Revision, actor, cancellationToken);
            if (saved.IsSuccess || saved.Error.Code != ErrorCode.Conflict || attempt == 5)
            {
                if (saved.IsSuccess)
                    queue.CancelHere(id);
                return saved;
            }
        }
    }

    private static string NewId(DateTimeOffset now) =>
        "run-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}
