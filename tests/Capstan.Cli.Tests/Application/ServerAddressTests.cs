using Capstan.Cli.Application;
using Capstan.Core.Errors;

namespace Capstan.Cli.Tests.Application;

public sealed class ServerAddressTests
{
    [Fact]
    public void Resolve_PrefersTheFlagOverTheEnvironment()
    {
        Assert.Equal(new Uri("http://flag:1"), ServerAddress.Resolve("http://flag:1", "http://env:2").Value);
    }

    [Fact]
    public void Resolve_UsesTheEnvironmentWithoutAFlag()
    {
        Assert.Equal(new Uri("https://env:2"), ServerAddress.Resolve(null, " https://env:2 ").Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Resolve_DefaultsToTheLocalServer(string? environment)
    {
        Assert.Equal(new Uri("http://127.0.0.1:8080"), ServerAddress.Resolve(null, environment).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost:8080")]
    [InlineData("ftp://host")]
    [InlineData("file:///tmp/x")]
    public void Resolve_RefusesAnythingButAnAbsoluteHttpUrl(string flag)
    {
        var error = ServerAddress.Resolve(flag, null).Error;

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Contains(flag, error.Message);
    }
}
