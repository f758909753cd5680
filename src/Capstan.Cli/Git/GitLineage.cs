using System.ComponentModel;
using System.Diagnostics;
using Capstan.Core.Registry;

namespace Capstan.Cli.Git;

/// <summary>Reads the commit, branch and dirty flag of the git working tree a push runs in, by running <c>git</c>.</summary>
/// <remarks>
/// Gives <see cref="Lineage.None"/> when the directory is not inside a git working tree, the repository
/// has no commit yet, or git is missing or does not answer in time. A detached HEAD has no branch. Only changes to
/// tracked files make the tree dirty, so an untracked model file next to the code does not.
/// </remarks>
internal static class GitLineage
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Captures the git lineage of <paramref name="directory"/>.</summary>
    public static async Task<Lineage> CaptureAsync(string directory, CancellationToken cancellationToken)
    {
        var commit = await RunAsync(directory, ["rev-parse", "--verify", "--quiet", "HEAD"], cancellationToken);
        if (string.IsNullOrEmpty(commit))
            return Lineage.None;
        var branch = await RunAsync(directory, ["symbolic-ref", "--quiet", "--short", "HEAD"], cancellationToken);
        var status = await RunAsync(directory, ["status", "--porcelain", "--untracked-files=no"], cancellationToken);
        return new Lineage(
            GitCommit: commit,
            GitBranch: string.IsNullOrEmpty(branch) ? null : branch,
            GitDirty: status is null ? null : status.Length > 0);
    }

    private static async Task<string?> RunAsync(string directory, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["GIT_OPTIONAL_LOCKS"] = "0", ["LC_ALL"] = "C" },
        };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(directory);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception)
        {
            return null;
        }
        if (process is null)
            return null;
        using (process)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(Timeout);
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var errors = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token);
                var text = (await output).Trim();
                await errors;
                return process.ExitCode == 0 ? text : null;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                return null;
            }
        }
    }
}
