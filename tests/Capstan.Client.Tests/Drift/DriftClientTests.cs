using System.Net;
using Capstan.Client.Tests.Support;
using Capstan.Core.Errors;
using Capstan.Core.Monitoring;

namespace Capstan.Client.Tests.Drift;

public sealed class DriftClientTests
{
    [Fact]
    public async Task GetDrift_SendsTheWindowTestThresholdAndShareItWasGiven()
    {
        var stub = StubHandler.Answering(HttpStatusCode.OK, """{"model":"bc","since":"2025-03-14T14:00:00Z","until":"2025-03-14T15:30:00Z","rows":0,"versions":[],"message":"none"}""");
        using var client = stub.Client();

        var report = (await client.GetDriftAsync("bc", TimeSpan.FromMinutes(90), DriftTest.PopulationStabilityIndex, 0.2, 0.3)).Value;
        var defaults = await client.GetDriftAsync("bc");
        var bad = await client.GetDriftAsync("no/such");

        Assert.Equal(
            ["/api/v1/models/bc/drift?window=90m&test=psi&threshold=0.2&share=0.3", "/api/v1/models/bc/drift"],
            stub.Requests.Select(r => r.RequestUri!.PathAndQuery));
        Assert.Equal(("none", TimeSpan.FromMinutes(90)), (report.Message, report.Until - report.Since));
        Assert.True(defaults.IsSuccess);
        Assert.Equal(ErrorCode.InvalidInput, bad.Error.Code);
    }
}
