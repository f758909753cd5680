using System.Net;
using System.Net.Sockets;
using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Testing.Files;

namespace Capstan.Cli.Tests.Application;

/// <summary>The command line refuses bad arguments before any request: the server here is unreachable, so a request would exit 7.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private const string UnreachableServer = "http://127.0.0.1:1";

    [Theory]
    [InlineData("push", "bad/name", "{file}")]
    [InlineData("push", "fraud", "/no/such/model.onnx")]
    [InlineData("push", "fraud", "{file}", "--metric", "auc")]
    [InlineData("push", "fraud", "{file}", "--metric", "auc=high")]
    [InlineData("push", "fraud", "{file}", "--tag", "team")]
    [InlineData("push", "fraud", "{file}", "--alias", "9lives")]
    [InlineData("push", "fraud", "{file}", "--parent", "fraud:x")]
    [InlineData("models", "--tag", "a/b")]
    [InlineData("versions", "..")]
    [InlineData("show", "fraud:0")]
    [InlineData("show", "fraud@")]
    [InlineData("pull", "fraud:1:2")]
    [InlineData("archive", "fraud@1x")]
    [InlineData("unarchive", "")]
    [InlineData("delete", "fraud")]
    [InlineData("delete", "fraud@champion")]
    [InlineData("alias", "set", "fraud:1", "9")]
    [InlineData("alias", "set", "fraud@x", "bad alias")]
    [InlineData("alias", "rm", "fraud", "a.b/c")]
    [InlineData("alias", "list", "-fraud?")]
    [InlineData("alias", "history", "fraud", "")]
    public async Task BadArguments_AreRefusedWithExitCode2BeforeAnyRequest(params string[] args)
    {
        var file = _directory.Write("model.onnx", "model");

        var run = await CliRun.RunAsync([.. args.Select(a => a.Replace("{file}", file)), "--server", UnreachableServer]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: ", run.Errors);
    }

    [Theory]
    [InlineData("models", "--bogus")]
    [InlineData("frobnicate")]
    [InlineData("show")]
    [InlineData("versions", "fraud", "extra")]
    [InlineData("serve", "--max-artifact-bytes", "lots")]
    [InlineData("serve", "--max-artifact-bytes", "0")]
    [InlineData("serve", "--urls", "ftp://127.0.0.1:1")]
    public async Task UsageErrors_ExitWithCode2AndOneLine(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Single(run.ErrorLines);
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("not a url")]
    public async Task ServerFlag_RefusesAnAddressThatIsNotHttp(string server)
    {
        var run = await CliRun.RunAsync("models", "--server", server);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(server, run.Errors);
    }

    [Theory]
    [InlineData("models")]
    [InlineData("versions", "fraud")]
    [InlineData("show", "fraud@champion")]
    [InlineData("alias", "list", "fraud")]
    public async Task UnreachableServer_ExitsWithCode7AndOneLineNamingTheServer(params string[] args)
    {
        var run = await CliRun.RunAsync([.. args, "--server", UnreachableServer]);

        Assert.Equal(ExitCodes.NotReady, run.ExitCode);
        Assert.Equal($"error: Cannot reach the Capstan server at {UnreachableServer}/: Connection refused (ConnectionRefused)", Assert.Single(run.ErrorLines));
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task UnreachableServer_WithJson_PrintsNothingOnStandardOutput()
    {
        var run = await CliRun.RunAsync("models", "--json", "--server", UnreachableServer);

        Assert.Equal((ExitCodes.NotReady, ""), (run.ExitCode, run.Output));
    }

    [Fact]
    public async Task Cancelling_ExitsWithCode130AndOneLine()
    {
        using var silentServer = new TcpListener(IPAddress.Loopback, 0);
        silentServer.Start();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));

        var run = await CliRun.RunAsync(cancellation.Token, "models", "--server", $"http://{silentServer.LocalEndpoint}");

        Assert.Equal((ExitCodes.Cancelled, "error: Cancelled."), (run.ExitCode, Assert.Single(run.ErrorLines)));
    }

    public void Dispose() => _directory.Dispose();
}
