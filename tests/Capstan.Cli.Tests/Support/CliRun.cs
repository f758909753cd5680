using Capstan.Cli.Application;
using Spectre.Console.Testing;

namespace Capstan.Cli.Tests.Support;

/// <summary>What one in-process run of <c>capstan</c> printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Output, string Errors)
{
    /// <summary>The lines written to standard error.</summary>
    public string[] ErrorLines => Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Runs <c>capstan</c> in this process with a test console as standard output.</summary>
    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(TestContext.Current.CancellationToken, args);

    /// <summary>Runs <c>capstan</c> in this process until it ends or <paramref name="cancellationToken"/> is cancelled, as Ctrl+C does.</summary>
    public static async Task<CliRun> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var console = new TestConsole().Width(200);
        var errors = new StringWriter();
        var exitCode = await CapstanApp.Create(new Terminal(console, errors, colorErrors: false))
            .RunAsync(args, cancellationToken);
        return new CliRun(exitCode, console.Output, errors.ToString());
    }
}
