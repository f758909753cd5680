using System.Security.Cryptography;
using Capstan.Cli.Application;
using Capstan.Cli.Git;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;

namespace Capstan.Cli.Push;

/// <summary>Turns the arguments of <c>capstan push</c> into <see cref="PushMetadata"/>, checking them all before any request.</summary>
internal static class PushMetadataBuilder
{
    /// <summary>Checks <paramref name="settings"/>, reads the card and data files, and captures the git lineage of <paramref name="workingDirectory"/>.</summary>
    /// <param name="settings">The parsed command line.</param>
    /// <param name="workingDirectory">The directory whose git working tree is recorded as lineage.</param>
    /// <param name="pushedBy">Who pushes.</param>
    /// <param name="cancellationToken">Cancels reading files and running git.</param>
    public static async Task<Result<PushMetadata>> BuildAsync(
        PushSettings settings, string workingDirectory, string pushedBy, CancellationToken cancellationToken)
    {
        if (!ModelName.Parse(settings.Name).TryGetValue(out _, out var error))
            return error;
        if (!CheckFile(settings.File, "model file").TryGetValue(out _, out error))
            return error;
        if (settings.Alias is not null && !AliasName.Parse(settings.Alias).TryGetValue(out _, out error))
            return error;
        if (!KeyValueArguments.ParseNumbers(settings.Metrics, "--metric").TryGetValue(out var metrics, out error)
            || !KeyValueArguments.Parse(settings.Params, "--param").TryGetValue(out var parameters, out error)
            || !KeyValueArguments.Parse(settings.Tags, "--tag").TryGetValue(out var tags, out error))
            return error;
        if (settings.Parent is not null && !ModelReference.Parse(settings.Parent).TryGetValue(out _, out error))
            return error;
        if (settings.Data is not null && settings.DataFingerprint is not null)
            return Error.InvalidInput("Give either --data or --data-fingerprint, not both.");
        if (settings.Data is not null && !CheckFile(settings.Data, "data file").TryGetValue(out _, out error))
            return error;
        if (settings.Card is not null && !CheckFile(settings.Card, "model card").TryGetValue(out _, out error))
            return error;

        var git = await GitLineage.CaptureAsync(workingDirectory, cancellationToken);
        return new PushMetadata(
            Alias: settings.Alias,
            Metrics: metrics,
            Params: parameters,
            Tags: tags,
            Description: settings.Description,
            ModelCard: settings.Card is null ? null : await File.ReadAllTextAsync(settings.Card, cancellationToken),
            Lineage: git with
            {
                DataFingerprint = settings.Data is null ? settings.DataFingerprint : await FingerprintAsync(settings.Data, cancellationToken),
                Parent = settings.Parent,
            },
            PushedBy: pushedBy);
    }

    /// <summary>The fingerprint of a data file: <c>sha256:</c> and 64 lowercase hex digits.</summary>
    public static async Task<string> FingerprintAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    private static Result<string> CheckFile(string path, string what) =>
        File.Exists(path) ? path : Error.InvalidInput($"The {what} '{path}' does not exist.");
}
