using Capstan.Core.Errors;
using Capstan.Server.Inference;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Tests.Inference;

public sealed class OipResultTests
{
    [Fact]
    public async Task Error_ForAFullQueueIs503WithRetryAfter()
    {
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };

        await OipResult.Error(new Error(ErrorCode.Overloaded, "Model 'bc' version 1 already has 8 requests waiting or running; retry later.")).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        Assert.Contains("\"error\":\"Model 'bc' version 1 already has 8 requests", new StreamReader(context.Response.Body).ReadToEnd());
    }

    [Theory]
    [InlineData(ErrorCode.InvalidInput, 400)]
    [InlineData(ErrorCode.NotFound, 404)]
    [InlineData(ErrorCode.NotReady, 503)]
    [InlineData(ErrorCode.TooLarge, 413)]
    [InlineData(ErrorCode.Internal, 500)]
    public void Status_TranslatesEachCodeOnce(ErrorCode code, int status)
    {
        Assert.Equal(status, OipStatus.For(code));
    }
}
