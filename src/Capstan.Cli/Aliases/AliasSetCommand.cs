using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Aliases;

/// <summary><c>capstan alias set REF ALIAS</c>: points an alias at the version a reference resolves to now.</summary>
internal sealed class AliasSetCommand(Terminal terminal) : ClientCommand<AliasSetSettings, AliasInfo>(terminal)
{
    /// <inheritdoc />
    protected override async Task<Result<AliasInfo>> RunAsync(CapstanClient client, AliasSetSettings settings, CancellationToken cancellationToken)
    {
        if (!ModelReference.Parse(settings.Reference).TryGetValue(out var reference, out var error)
            || !AliasName.Parse(settings.Alias).TryGetValue(out _, out error))
            return error;
        var version = reference.Version;
        if (version is null)
        {
            if (!(await client.GetVersionAsync(reference, cancellationToken)).TryGetValue(out var resolved, out error))
                return error;
            version = resolved.Version;
        }
        return await client.SetAliasAsync(reference.Name.Value, settings.Alias, version.Value, cancellationToken);
    }

    /// <inheritdoc />
    protected override void Render(AliasInfo output) =>
        Terminal.Output.MarkupLineInterpolated($"{output.Model}@{output.Alias} -> {output.Model}:{output.Version}");
}
