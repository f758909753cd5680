using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Monitoring;

namespace Capstan.Cli.Drift;

/// <summary><c>capstan profile REF --data FILE</c>: profiles a version from its training data and stores the profile with it, for drift detection.</summary>
internal sealed class ProfileCommand(Terminal terminal) : ClientCommand<ProfileSettings, ReferenceProfile>(terminal)
{
    /// <inheritdoc />
    protected override async Task<Result<ReferenceProfile>> RunAsync(CapstanClient client, ProfileSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Data.Length == 0)
            return Error.InvalidInput("--data FILE is required: the training data to profile, CSV or Parquet.");
        return await UploadAsync(Terminal, client, settings.Reference, settings.Data, settings.Json, cancellationToken);
    }

    /// <inheritdoc />
    protected override void Render(ReferenceProfile output) => ProfileView.Render(Terminal.Output, output);

    /// <summary>Uploads <paramref name="data"/> as the profile of <paramref name="reference"/>, with a progress bar for a large file.</summary>
    public static Task<Result<ReferenceProfile>> UploadAsync(
        Terminal terminal, CapstanClient client, string reference, string data, bool json, CancellationToken cancellationToken)
    {
        if (!File.Exists(data))
            return Task.FromResult<Result<ReferenceProfile>>(Error.InvalidInput($"The data file '{data}' does not exist."));
        return TransferProgress.RunAsync(terminal, json, $"Profiling {reference}", new FileInfo(data).Length,
            progress => client.SetProfileAsync(reference, data, progress, cancellationToken));
    }
}
