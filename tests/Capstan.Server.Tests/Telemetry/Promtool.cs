using System.Diagnostics;

namespace Capstan.Server.Tests.Telemetry;

/// <summary>Runs Prometheus's <c>promtool check metrics</c> on an exposition, as a scraper's maintainer would.</summary>
public static class Promtool
{
    /// <summary>The exit code and output of <c>promtool check metrics</c> given <paramref name="exposition"/>; fails the test when promtool is not on PATH.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, "promtool"))
            .FirstOrDefault(File.Exists);
        if (path is null)
            Assert.Fail("promtool is not on PATH: install Debian's prometheus package (apt-get install -y prometheus), as .ci/run does.");
        var start = new ProcessStartInfo(path, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
