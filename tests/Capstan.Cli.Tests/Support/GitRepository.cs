using System.Diagnostics;
using Capstan.Testing.Files;

namespace Capstan.Cli.Tests.Support;

/// <summary>A real git repository in a temporary directory, made with <c>git init</c>.</summary>
public sealed class GitRepository : IDisposable
{
    private readonly TempDirectory _directory = new();

    private GitRepository()
    {
    }

    /// <summary>The working tree.</summary>
    public string Path => _directory.Path;

    /// <summary>Initializes an empty repository on <paramref name="branch"/>.</summary>
    public static GitRepository Init(string branch = "main")
    {
        var repository = new GitRepository();
        repository.Git("init", "--quiet", "--initial-branch", branch);
        return repository;
    }

    /// <summary>Initializes a repository on <paramref name="branch"/> with one commit of one file, <c>train.py</c>.</summary>
    public static GitRepository InitWithCommit(string branch = "main")
    {
        var repository = Init(branch);
        repository.Write("train.py", "print(1)");
        repository.Commit();
        return repository;
    }

    /// <summary>The commit checked out.</summary>
    public string Head => Git("rev-parse", "HEAD");

    /// <summary>Writes a file into the working tree.</summary>
    public string Write(string name, string content) => _directory.Write(name, content);

    /// <summary>Stages everything and commits.</summary>
    public void Commit()
    {
        Git("add", "--all");
        Git("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "commit");
    }

    /// <summary>Runs git in the working tree and returns its trimmed output; throws when it fails.</summary>
    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Trim()
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {errors}");
    }

    /// <inheritdoc />
    public void Dispose() => _directory.Dispose();
}
