using System.Diagnostics.Metrics;
using Capstan.Core.Errors;
using Capstan.Serving.Lifecycle;
using Capstan.Serving.Telemetry;
using Capstan.Serving.Tests.Support;

namespace Capstan.Serving.Tests.Telemetry;

public sealed class VariantMeterTests
{
    [Fact]
    public void Recording_AllocatesNothingWhileAListenerCollects()
    {
        using var meters = new TestMeterFactory();
        var meter = new ServingMetrics(meters, new ServingTable()).For("bc", 3, TimeSpan.FromSeconds(1)).Canary;
        var seen = new Dictionary<string, long>();
        using var listener = Listen(meters, seen);
        var failure = Error.InvalidInput("wrong shape");
        Record(meter, failure);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            Record(meter, failure);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1001 * 2, seen["capstan.inference.requests"]);
        Assert.Equal(1001, seen["capstan.inference.failures"]);
    }

    [Fact]
    public void Failures_CarryTheCauseOfTheirErrorCode()
    {
        using var meters = new TestMeterFactory();
        var meter = new ServingMetrics(meters, new ServingTable()).For("bc", 3, TimeSpan.Zero).Stable;
        var causes = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "capstan.inference.failures")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "cause")
                    causes.Add((string)tag.Value!);
            }
        });
        listener.Start();

        meter.RecordRequest(Error.NotFound("gone"), TimeSpan.Zero);
        meter.RecordRequest(new Error(ErrorCode.Overloaded, "full"), TimeSpan.Zero);
        meter.RecordRequest(Error.Internal("broke"), TimeSpan.Zero);
        meter.RecordRequest(null, TimeSpan.Zero);

        Assert.Equal(["not_found", "overloaded", "internal"], causes);
    }

    private static void Record(VariantMeter meter, Error failure)
    {
        meter.RecordRequest(null, TimeSpan.FromMilliseconds(2));
        meter.RecordRequest(failure, TimeSpan.FromMilliseconds(3));
        meter.RecordQueue(TimeSpan.FromMilliseconds(1));
        meter.RecordCompute(TimeSpan.FromMilliseconds(1));
        meter.RecordBatch(4);
    }

    private static MeterListener Listen(TestMeterFactory meters, Dictionary<string, long> seen)
    {
        foreach (var name in new[] { "capstan.inference.requests", "capstan.inference.failures" })
            seen[name] = 0;
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters)
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (seen.ContainsKey(instrument.Name))
                seen[instrument.Name] += value;
        });
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        listener.Start();
        return listener;
    }
}
