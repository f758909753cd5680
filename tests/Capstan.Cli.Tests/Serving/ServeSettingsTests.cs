using Capstan.Cli.Serving;
using Capstan.Core.Errors;
using Capstan.Server.Hosting;

namespace Capstan.Cli.Tests.Serving;

public sealed class ServeSettingsTests
{
    [Fact]
    public void ToServerOptions_MapsEveryFlag()
    {
        var settings = new ServeSettings
        {
            Urls = "http://0.0.0.0:9000", GrpcUrls = "http://0.0.0.0:9500", Data = "/var/capstan", Store = "Host=db;Database=capstan",
            MaxArtifactBytes = "1024", MemoryBudgetBytes = "4096",
        };

        var options = settings.ToServerOptions().Value;

        Assert.Equal(("http://0.0.0.0:9000", "http://0.0.0.0:9500", "/var/capstan", "Host=db;Database=capstan", 1024L, 4096L),
            (options.Urls, options.GrpcUrls, options.DataDirectory, options.Store, options.MaxArtifactBytes, options.MemoryBudgetBytes));
    }

    [Fact]
    public void ToServerOptions_MapsTheTlsFlagsOntoTheCertificateAndKeyPaths()
    {
        var options = new ServeSettings { Urls = "https://0.0.0.0:8443", TlsCert = "/etc/capstan/cert.pem", TlsKey = "/etc/capstan/key.pem" }.ToServerOptions().Value;

        Assert.Equal(("/etc/capstan/cert.pem", "/etc/capstan/key.pem", true), (options.TlsCertificatePath, options.TlsKeyPath, options.HasTls));
    }

    [Fact]
    public void ToServerOptions_KeepsTheServerDefaultsForFlagsNotGiven()
    {
        var options = new ServeSettings().ToServerOptions().Value;
        var defaults = new ServerOptions();

        Assert.Equal((defaults.Urls, defaults.DataDirectory, defaults.Store, defaults.MaxArtifactBytes),
            (options.Urls, options.DataDirectory, options.Store, options.MaxArtifactBytes));
    }

    [Theory]
    [InlineData("2GB")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public void ToServerOptions_RefusesAMaximumThatIsNotAWholeNumber(string maximum)
    {
        var error = new ServeSettings { MaxArtifactBytes = maximum }.ToServerOptions().Error;
        var budget = new ServeSettings { MemoryBudgetBytes = maximum }.ToServerOptions().Error;

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Contains(maximum, error.Message);
        Assert.Contains("--memory-budget-bytes", budget.Message);
    }
}
