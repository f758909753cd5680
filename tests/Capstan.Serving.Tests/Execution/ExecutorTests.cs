using System.Diagnostics;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Runtime.Runtimes;
using Capstan.Serving.Execution;
using Capstan.Serving.Lifecycle;
using Capstan.Serving.Telemetry;
using Capstan.Serving.Tests.Support;

namespace Capstan.Serving.Tests.Execution;

public sealed class ExecutorTests
{
    private static readonly VariantMeter Meter = new ServingMetrics(new TestMeterFactory(), new ServingTable()).For("m", 1, TimeSpan.Zero).Stable;

    [Fact]
    public async Task Batching_GivesEachRequestTheSameAnswerItWouldGetAlone()
    {
        var model = new DoublingModel();
        await using var executor = new BatchingExecutor("m", 1, model, new BatchingSettings(MaxBatchSize: 16, MaxQueueDelayMicroseconds: 2000));

        var requests = Enumerable.Range(0, 200).Select(i => executor.RunAsync([Row(i, i + 0.5f)], ["y"], Meter, CancellationToken.None).AsTask());
        var answers = await Task.WhenAll(requests);

        for (var i = 0; i < answers.Length; i++)
            Assert.Equal([2f * i, 2f * i + 1f], answers[i].Value[0].Span<float>().ToArray());
        Assert.True(executor.Statistics.Batches < 200, $"{executor.Statistics.Batches} runs for 200 requests: nothing was batched");
        Assert.Equal(200, executor.Statistics.Requests);
        Assert.True(model.LargestBatch <= 16);
    }

    [Fact]
    public async Task Batching_KeepsRequestsWithDifferentOutputsApart()
    {
        var model = new DoublingModel();
        await using var executor = new BatchingExecutor("m", 1, model, new BatchingSettings(MaxBatchSize: 64, MaxQueueDelayMicroseconds: 5000));

        var both = await Task.WhenAll(
            executor.RunAsync([Row(1, 2)], ["y"], Meter, CancellationToken.None).AsTask(),
            executor.RunAsync([Row(3, 4)], ["y", "sum"], Meter, CancellationToken.None).AsTask());

        Assert.Single(both[0].Value);
        Assert.Equal([7f * 2], both[1].Value[1].Span<float>().ToArray());
    }

    [Fact]
    public async Task Batching_SplitsMultiRowRequestsBackByTheirOwnRowCounts()
    {
        var model = new DoublingModel();
        await using var executor = new BatchingExecutor("m", 1, model, new BatchingSettings(MaxBatchSize: 32, MaxQueueDelayMicroseconds: 5000));
        var three = Tensor.From("x", TensorDataType.Fp32, [3, 2], [1f, 1, 2, 2, 3, 3]);

        var answers = await Task.WhenAll(
            executor.RunAsync([three], ["y"], Meter, CancellationToken.None).AsTask(),
            executor.RunAsync([Row(9, 9)], ["y"], Meter, CancellationToken.None).AsTask());

        Assert.Equal([3L, 2L], answers[0].Value[0].Shape);
        Assert.Equal([2f, 2, 4, 4, 6, 6], answers[0].Value[0].Span<float>().ToArray());
        Assert.Equal([18f, 18], answers[1].Value[0].Span<float>().ToArray());
    }

    [Fact]
    public async Task Batching_RefusesRequestsPastTheQueueBoundAtOnce()
    {
        var model = new DoublingModel { Gate = new ManualResetEventSlim(false) };
        var executor = new BatchingExecutor("m", 7, model, new BatchingSettings(MaxBatchSize: 1, MaxQueueSize: 4));

        var admitted = Enumerable.Range(0, 4).Select(_ => Task.Run(() => executor.RunAsync([Row(1, 1)], ["y"], Meter, CancellationToken.None).AsTask())).ToList();
        Assert.True(SpinWait.SpinUntil(() => executor.Statistics.Queued == 4, TimeSpan.FromSeconds(10)));
        var refused = await executor.RunAsync([Row(1, 1)], ["y"], Meter, CancellationToken.None);

        Assert.Equal(ErrorCode.Overloaded, refused.Error.Code);
        Assert.Contains("version 7", refused.Error.Message);
        Assert.Equal(1, executor.Statistics.Rejected);
        model.Gate.Set();
        Assert.All(await Task.WhenAll(admitted), r => Assert.True(r.IsSuccess));
        await executor.DisposeAsync();
    }

    [Fact]
    public async Task Batching_RunsALoneRequestAtOnceOnTheCallersThread()
    {
        var model = new DoublingModel();
        await using var executor = new BatchingExecutor("m", 1, model, new BatchingSettings(MaxBatchSize: 16));

        var answer = executor.RunAsync([Row(1, 2)], ["y"], Meter, CancellationToken.None);

        var caller = Environment.CurrentManagedThreadId;

        Assert.True(answer.IsCompletedSuccessfully);
        Assert.Equal(caller, model.LastThread);
        var y = (await answer).Value[0].Span<float>().ToArray();
        Assert.Equal([2f, 4f], y);
    }

    [Fact]
    public async Task Batching_RunsAtMostOneBatchPerTwoCoresAtOnce_SoThatLaterRequestsWaitAndBatch()
    {
        var model = new DoublingModel { Gate = new ManualResetEventSlim(false) };
        await using var executor = new BatchingExecutor("m", 1, model, new BatchingSettings(MaxBatchSize: 64));
        var allowed = Math.Max(1, Environment.ProcessorCount / 2);
        var callers = allowed + 2;

        var answers = Enumerable.Range(0, callers).Select(i => Task.Run(() => executor.RunAsync([Row(i, i)], ["y"], Meter, CancellationToken.None).AsTask())).ToList();
        var held = SpinWait.SpinUntil(() => executor.Statistics.Queued == callers && model.Running >= allowed, TimeSpan.FromSeconds(10));
        Thread.Sleep(50);
        var runningWhileHeld = model.Running;
        model.Gate.Set();
        var results = await Task.WhenAll(answers);

        Assert.True(held, "the callers were not all admitted");
        Assert.Equal(allowed, runningWhileHeld);
        Assert.Equal(allowed, model.MostAtOnce);
        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.True(model.LargestBatch >= 2, $"the waiting requests ran one by one (largest batch {model.LargestBatch})");
    }

    [Fact]
    public async Task Batching_StopsWaitingOutTheQueueDelayOnceDisposed_AndAnswersTheRequest()
    {
        var model = new DoublingModel();
        var executor = new BatchingExecutor("m", 1, model, new BatchingSettings(MaxBatchSize: 16, MaxQueueDelayMicroseconds: 30_000_000));
        var started = Stopwatch.GetTimestamp();

        var answer = executor.RunAsync([Row(1, 2)], ["y"], Meter, CancellationToken.None).AsTask();
        Assert.True(SpinWait.SpinUntil(() => executor.Statistics.Queued == 1, TimeSpan.FromSeconds(10)));
        await executor.DisposeAsync();
        var answered = await answer;

        Assert.Equal([2f, 4f], answered.Value[0].Span<float>().ToArray());
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(20), "the request waited out the 30 s delay after the executor was disposed");
    }

    [Theory]
    [InlineData(300)]
    [InlineData(800)]
    [InlineData(2500)]
    public async Task Batching_HoldsALoneRequestForTheWholeQueueDelay_EvenUnderAMillisecond(int delayMicroseconds)
    {
        var model = new DoublingModel();
        await using var executor = new BatchingExecutor("m", 1, model, new BatchingSettings(MaxBatchSize: 16, MaxQueueDelayMicroseconds: delayMicroseconds));

        var started = Stopwatch.GetTimestamp();
        var answer = await executor.RunAsync([Row(1, 2)], ["y"], Meter, CancellationToken.None);
        var held = Stopwatch.GetElapsedTime(started);

        Assert.Equal([2f, 4f], answer.Value[0].Span<float>().ToArray());
        Assert.True(held >= TimeSpan.FromMicroseconds(delayMicroseconds), $"answered after {held.TotalMicroseconds:F0} us, before the {delayMicroseconds} us delay was over");
    }

    [Fact]
    public async Task Batching_AnswersEveryRequestFromManyThreadsAtOnce_WithNoneLeftWaiting()
    {
        var model = new DoublingModel();
        await using var executor = new BatchingExecutor("m", 1, model, new BatchingSettings(MaxBatchSize: 8, MaxQueueSize: 100_000));

        var callers = Enumerable.Range(0, 16).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var rows = 1 + (t + i) % 3;
                var x = Enumerable.Range(0, 2 * rows).Select(v => (float)(t * 10_000 + i + v)).ToArray();
                var answer = await executor.RunAsync([Tensor.From("x", TensorDataType.Fp32, [rows, 2], x)], ["y"], Meter, CancellationToken.None);
                var y = answer.Value[0].Span<float>().ToArray();
                Assert.Equal(x.Select(v => 2 * v), y);
            }
        }, TestContext.Current.CancellationToken));
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        Assert.Equal(32_000, executor.Statistics.Requests);
        Assert.Equal(0, executor.Statistics.Queued);
        Assert.True(model.LargestBatch <= 8);
    }

    [Fact]
    public async Task Batching_LeavesNoRequestQueuedWithoutALeader_WhenTwoArriveAtOnceAndThenNone()
    {
        await using var executor = new BatchingExecutor("m", 1, new DoublingModel(), new BatchingSettings(MaxBatchSize: 8));
        Tensor[] input = [Tensor.From("x", TensorDataType.Fp32, [1, 2], new float[] { 1, 2 })];

        for (var burst = 0; burst < 50_000; burst++)
        {
            var first = Task.Run(() => executor.RunAsync(input, ["y"], Meter, CancellationToken.None).AsTask(), TestContext.Current.CancellationToken);
            var second = Task.Run(() => executor.RunAsync(input, ["y"], Meter, CancellationToken.None).AsTask(), TestContext.Current.CancellationToken);
            var both = Task.WhenAll(first, second);
            if (await Task.WhenAny(both, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)) != both)
                Assert.Fail($"Burst {burst}: a request was still queued with no batch running 10 s later ({executor.Statistics.Queued} queued).");
        }

        Assert.Equal(100_000, executor.Statistics.Requests);
    }

    [Fact]
    public async Task Batching_AfterDisposal_RefusesARequestAsNotReadyNamingTheVersion()
    {
        var executor = new BatchingExecutor("m", 4, new DoublingModel(), new BatchingSettings(MaxBatchSize: 8));
        await executor.DisposeAsync();

        var refused = await executor.RunAsync([Row(1, 1)], ["y"], Meter, CancellationToken.None);

        Assert.Equal(ErrorCode.NotReady, refused.Error.Code);
        Assert.Contains("version 4 is unloading", refused.Error.Message);
        Assert.Equal(0, executor.Statistics.Queued);
    }

    [Fact]
    public async Task Direct_RefusesRequestsPastTheBoundAndCountsThem()
    {
        var model = new DoublingModel { Gate = new ManualResetEventSlim(false) };
        var executor = new DirectExecutor("m", 2, model, maxQueueSize: 1);

        var running = Task.Run(() => executor.RunAsync([Row(1, 1)], ["y"], Meter, CancellationToken.None).AsTask());
        SpinWait.SpinUntil(() => executor.Statistics.Queued == 1, TimeSpan.FromSeconds(5));
        var refused = await executor.RunAsync([Row(1, 1)], ["y"], Meter, CancellationToken.None);
        model.Gate.Set();

        Assert.Equal(ErrorCode.Overloaded, refused.Error.Code);
        Assert.True((await running).IsSuccess);
        Assert.Equal((1L, 1L), (executor.Statistics.Requests, executor.Statistics.Rejected));
    }

    [Fact]
    public async Task Executors_ReportARuntimeFailureAsAnInternalErrorNamingTheVersion()
    {
        var model = new DoublingModel { Failure = "the session crashed" };
        await using var direct = new DirectExecutor("m", 3, model, 8);
        await using var batching = new BatchingExecutor("m", 3, model, new BatchingSettings(MaxBatchSize: 4));

        foreach (var executor in new IInferenceExecutor[] { direct, batching })
        {
            var failed = await executor.RunAsync([Row(1, 1)], ["y"], Meter, CancellationToken.None);
            Assert.Equal(ErrorCode.Internal, failed.Error.Code);
            Assert.Contains("version 3 failed to run: the session crashed", failed.Error.Message);
        }
    }

    private static Tensor Row(float a, float b) => Tensor.From("x", TensorDataType.Fp32, [1, 2], [a, b]);

    /// <summary>A model double for executor tests: y = 2x and sum = 2 * row sum, with a gate to hold runs and a failure switch.</summary>
    private sealed class DoublingModel : ILoadedModel
    {
        private int _largest;
        private int _running;
        private int _mostAtOnce;

        public ManualResetEventSlim? Gate { get; init; }

        public string? Failure { get; init; }

        public int LargestBatch => Volatile.Read(ref _largest);

        public int Running => Volatile.Read(ref _running);

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public int LastThread { get; private set; }

        public ModelSignature Signature { get; } = new(
            [new TensorSpec("x", TensorDataType.Fp32, [-1, 2])],
            [new TensorSpec("y", TensorDataType.Fp32, [-1, 2]), new TensorSpec("sum", TensorDataType.Fp32, [-1])],
            ["x"]);

        public long MemoryBytes => 0;

        public Result<IReadOnlyList<Tensor>> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs)
        {
            InterlockedMax(ref _mostAtOnce, Interlocked.Increment(ref _running));
            try
            {
                return RunHeld(inputs, outputs);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        private Result<IReadOnlyList<Tensor>> RunHeld(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs)
        {
            Gate?.Wait();
            LastThread = Environment.CurrentManagedThreadId;
            if (Failure is not null)
                return Error.Internal(Failure);
            var x = inputs[0].Span<float>();
            var rows = inputs[0].Shape[0];
            InterlockedMax(ref _largest, (int)rows);
            var y = new float[x.Length];
            var sum = new float[rows];
            for (var i = 0; i < x.Length; i++)
            {
                y[i] = 2 * x[i];
                sum[i / 2] += 2 * x[i];
            }
            var all = new Dictionary<string, Tensor>
            {
                ["y"] = Tensor.From("y", TensorDataType.Fp32, [rows, 2], y),
                ["sum"] = Tensor.From("sum", TensorDataType.Fp32, [rows], sum),
            };
            return Result<IReadOnlyList<Tensor>>.Success(outputs.Select(o => all[o]).ToList());
        }

        public void Dispose()
        {
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
