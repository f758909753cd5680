using System.Threading.Channels;
using Capstan.Core.Errors;
using Capstan.Core.Tensors;
using Capstan.Serving.Execution;
using Capstan.Serving.Lifecycle;
using Capstan.Serving.Validation;
using Microsoft.Extensions.Logging;

namespace Capstan.Serving.Routing;

/// <summary>Runs copies of live requests on shadow versions in the background, from a bounded queue that one worker drains.</summary>
/// <remarks>
/// <see cref="Enqueue"/> never waits or locks: when the queue is full the copy is dropped, without allocating, and
/// counted on the shadow version.
/// The worker validates each copy against the shadow's own signature, runs it, and counts the outcome and latency in
/// the shadow's <see cref="LoadedVersion.ShadowTraffic"/> and its shadow meter; answers are thrown away. A shadow retired before its copy
/// runs counts the copy as dropped. Thread-safe.
/// </remarks>
public sealed class ShadowCopies : IAsyncDisposable
{
    private readonly Channel<Copy> _queue;
    private readonly int _capacity;
    private readonly InputValidator _validator;
    private readonly TimeProvider _time;
    private readonly ILogger<ShadowCopies> _logger;
    private readonly Task _worker;
    private int _queued;

    /// <summary>Starts the worker with a queue of <paramref name="capacity"/> copies.</summary>
    public ShadowCopies(InputValidator validator, int capacity, TimeProvider time, ILogger<ShadowCopies> logger)
    {
        (_validator, _capacity, _time, _logger) = (validator, capacity, time, logger);
        _queue = Channel.CreateUnbounded<Copy>(new UnboundedChannelOptions { SingleReader = true });
        _worker = Task.Run(WorkAsync);
    }

    /// <summary>Queues a copy of <paramref name="request"/> for <paramref name="shadow"/>, or drops and counts it when the queue is full.</summary>
    public void Enqueue(LoadedVersion shadow, InferenceRequest request)
    {
        if (Interlocked.Increment(ref _queued) > _capacity || !_queue.Writer.TryWrite(new Copy(shadow, request)))
        {
            Interlocked.Decrement(ref _queued);
            shadow.ShadowTraffic.Drop();
        }
    }

    /// <summary>Stops taking copies, runs the queued ones and stops the worker.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker;
    }

    private async Task WorkAsync()
    {
        await foreach (var copy in _queue.Reader.ReadAllAsync())
        {
            Interlocked.Decrement(ref _queued);
            if (!copy.Shadow.TryEnter())
            {
                copy.Shadow.ShadowTraffic.Drop();
                continue;
            }
            var started = _time.GetTimestamp();
            try
            {
                var meter = copy.Shadow.Meters.Shadow;
                var failure = _validator.Validate(copy.Request, copy.Shadow.Info.Signature).TryGetValue(out var valid, out var error)
                    ? (await copy.Shadow.Executor.RunAsync(valid.Inputs, valid.Outputs, meter, CancellationToken.None)) is { IsSuccess: false } result ? result.Error : (Error?)null
                    : error;
                var elapsed = _time.GetElapsedTime(started);
                copy.Shadow.ShadowTraffic.Record(failure is null, elapsed);
                meter.RecordRequest(failure, elapsed);
            }
            catch (Exception e)
            {
                var elapsed = _time.GetElapsedTime(started);
                copy.Shadow.ShadowTraffic.Record(false, elapsed);
                copy.Shadow.Meters.Shadow.RecordRequest(ServingErrors.Unanswered, elapsed);
                _logger.LogError(e, "A shadow copy for {Model} version {Version} threw", copy.Shadow.Info.Model, copy.Shadow.Version);
            }
            finally
            {
                copy.Shadow.Exit();
            }
        }
    }

    /// <summary>One queued copy.</summary>
    private sealed record Copy(LoadedVersion Shadow, InferenceRequest Request);
}
