using System.Runtime.CompilerServices;
using Capstan.Server.Security;

namespace Capstan.Cli.Tests.Support;

/// <summary>Points the in-process <c>capstan</c> runs of this test assembly at a credentials file under the temporary directory, so that no test reads or writes the user's own <c>~/.config/capstan</c>.</summary>
internal static class TestCredentialsHome
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(CredentialsFile.EnvironmentVariable) is { Length: > 0 })
            return;
        var directory = Path.Combine(Path.GetTempPath(), $"capstan-cli-tests-{Environment.ProcessId}");
        Environment.SetEnvironmentVariable(CredentialsFile.EnvironmentVariable, Path.Combine(directory, "credentials.json"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        };
    }
}
