using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Models;

/// <summary><c>capstan models</c>: lists the registered models as a table.</summary>
internal sealed class ModelsCommand(Terminal terminal) : ClientCommand<ModelsSettings, IReadOnlyList<ModelInfo>>(terminal)
{
    /// <inheritdoc />
    protected override async Task<Result<IReadOnlyList<ModelInfo>>> RunAsync(CapstanClient client, ModelsSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Tag is not null && !KeyValueArguments.CheckFilter(settings.Tag, "--tag").TryGetValue(out _, out var error))
            return error;
        return await ResultStreams.CollectAsync(client.ListAllModelsAsync(settings.Prefix, settings.Tag, cancellationToken: cancellationToken));
    }

    /// <inheritdoc />
    protected override void Render(IReadOnlyList<ModelInfo> output) =>
        Terminal.Output.Write(Display.Table(output, "No models.", ["Name", "Latest", "Versions", "Aliases", "Tags", "Updated"], model =>
        [
            Markup.Escape(model.Name),
            model.LatestVersion?.ToString() ?? "-",
            model.VersionCount.ToString(),
            Display.Pairs(model.Aliases),
            Display.Pairs(model.Tags),
            Display.Time(model.UpdatedAt),
        ]));
}
