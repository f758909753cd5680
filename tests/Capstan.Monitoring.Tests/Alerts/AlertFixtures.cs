using System.Diagnostics.Metrics;
using Capstan.Core.Alerts;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Signatures;
using Capstan.Monitoring.Alerts;
using Capstan.Monitoring.Signals;
using Capstan.Registry.Stores;

namespace Capstan.Monitoring.Tests.Alerts;

/// <summary>The test doubles of the alert tests: a signal source whose values the test sets, a listener that records, a meter factory.</summary>
internal static class AlertFixtures
{
    public static readonly DateTimeOffset Start = new(2025, 3, 14, 15, 0, 0, TimeSpan.Zero);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A registry store holding the model <c>bc</c>.</summary>
    public static async Task<InMemoryRegistryStore> StoreWithModelAsync(TimeProvider time)
    {
        var store = new InMemoryRegistryStore(time);
        var signature = new ModelSignature([new TensorSpec("x", TensorDataType.Fp32, [-1, 1])], [new TensorSpec("y", TensorDataType.Fp32, [-1])], ["x"]);
        var pushed = await store.AddVersionAsync(new NewModelVersion(
            ModelName.Parse("bc").Value, ModelFormat.Onnx, 1, new string('a', 64), signature, new Dictionary<string, double>(),
            new Dictionary<string, string>(), new Dictionary<string, string>(), null, null, Lineage.None, null, new Actor("test"), null), Ct);
        Assert.True(pushed.IsSuccess);
        return store;
    }

    /// <summary>The rule <c>bc-errors</c>: error_rate of bc above 0.05 over five minutes, held for <paramref name="forSeconds"/>.</summary>
    public static AlertRule Rule(long forSeconds, params AlertWebhook[] webhooks) => new(
        "bc-errors", "bc", "error_rate", AlertComparison.Above, 0.05, 300, forSeconds, "critical", "Errors <b> & co.", webhooks, Start, "test");

    /// <summary>A meter factory that makes plain meters, as the host's does.</summary>
    public sealed class Meters : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters)
                meter.Dispose();
        }
    }

    /// <summary>A source of <c>error_rate</c> that gives what the test set: a value, no data (null), or an exception.</summary>
    public sealed class SettableSource : ISignalSource
    {
        public double? Value { get; set; }

        public Exception? Failure { get; set; }

        /// <summary>When set, each read waits until this many reads have started, so that concurrent evaluators read the same revision.</summary>
        public int? Rendezvous { get; set; }

        private int _reads;
        private readonly TaskCompletionSource _met = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Provides(string signal) => signal == "error_rate";

        public async Task<double?> ReadAsync(string model, string signal, TimeSpan window, CancellationToken cancellationToken)
        {
            Assert.Equal(("bc", TimeSpan.FromMinutes(5)), (model, window));
            if (Rendezvous is { } count)
            {
                if (Interlocked.Increment(ref _reads) == count)
                    _met.TrySetResult();
                await _met.Task.WaitAsync(cancellationToken);
            }
            return Failure is { } failure ? throw failure : Value;
        }
    }

    /// <summary>A listener that keeps every notification.</summary>
    public sealed class RecordingListener : IAlertListener
    {
        public List<AlertNotification> Notifications { get; } = [];

        public Task OnTransitionAsync(AlertNotification notification, CancellationToken cancellationToken)
        {
            lock (Notifications)
                Notifications.Add(notification);
            return Task.CompletedTask;
        }
    }
}
