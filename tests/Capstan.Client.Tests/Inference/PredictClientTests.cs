using System.Text.Json;
using Capstan.Client.Tests.Support;
using Capstan.Core.Errors;
using Capstan.Testing.Models;

namespace Capstan.Client.Tests.Inference;

public sealed class PredictClientTests : LiveServerTests
{
    [Fact]
    public async Task PredictAsync_AnswersEachRowAsTheModelDoesInProcess_NamingTheVersion()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        await DeployReadyAsync("bc:1");
        var rows = TestModels.BreastCancer.Holdout.Take(4).Select(sample => sample.Features).ToList();

        var answer = (await Client.PredictAsync("bc", [.. rows.Select(Instance)], Cancellation)).Value;

        Assert.Equal(("bc", 1), (answer.Model, answer.Version));
        Assert.Equal(InProcessOnnx.BreastCancerProbabilities(rows), answer.Rows.Select(row => row["Probability.output"].GetSingle()));
        Assert.All(answer.Rows, row => Assert.Contains(row["PredictedLabel.output"].ValueKind, new[] { JsonValueKind.True, JsonValueKind.False }));
    }

    [Fact]
    public async Task PredictAsync_KeepsTheServersMessageForAColumnTheModelDoesNotHave()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        await DeployReadyAsync("bc:1");

        var error = (await Client.PredictAsync("bc", [new Dictionary<string, object?> { ["Feature"] = new float[30] }], Cancellation)).Error;

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Contains("'Feature'", error.Message);
    }

    [Fact]
    public async Task PredictAsync_RefusesNoRowsABadNameAndAValueJsonCannotCarryBeforeSending()
    {
        var stub = StubHandler.Answering(System.Net.HttpStatusCode.OK, "{}");
        using var client = stub.Client();

        var none = (await client.PredictAsync("bc", [], Cancellation)).Error;
        var badName = (await client.PredictAsync("Bad Name", [new Dictionary<string, object?> { ["x"] = 1 }], Cancellation)).Error;
        var nan = (await client.PredictAsync("bc", [new Dictionary<string, object?> { ["x"] = double.NaN }], Cancellation)).Error;

        Assert.Equal((ErrorCode.InvalidInput, ErrorCode.InvalidInput, ErrorCode.InvalidInput), (none.Code, badName.Code, nan.Code));
        Assert.Contains("no instances", none.Message);
        Assert.Contains("cannot be written as JSON", nan.Message);
        Assert.Empty(stub.Requests);
    }

    [Theory]
    [InlineData("bc:1", "not json", "not a TabularPredictions")]
    [InlineData("bc:1", """{"outputs": []}""", "no 'predictions' array")]
    [InlineData("bc:1", """{"predictions": [1]}""", "prediction 0 is Number")]
    [InlineData("bc", """{"predictions": []}""", "does not name a version")]
    [InlineData(null, """{"predictions": []}""", "does not name a version")]
    [InlineData("bc:1", """{"predictions": [{"y": 1}, {"y": 2}]}""", "it has 2 predictions for 1 instances")]
    public async Task PredictAsync_RefusesAnAnswerItCannotRead(string? version, string body, string reason)
    {
        var stub = new StubHandler(_ =>
        {
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(body) };
            if (version is not null)
                response.Headers.Add("X-Capstan-Version", version);
            return response;
        });
        using var client = stub.Client();

        var error = (await client.PredictAsync("bc", [new Dictionary<string, object?> { ["x"] = 1 }], Cancellation)).Error;

        Assert.Equal(ErrorCode.Internal, error.Code);
        Assert.Contains(reason, error.Message);
    }

    private static IReadOnlyDictionary<string, object?> Instance(float[] features) => new Dictionary<string, object?> { ["Features"] = features };
}
