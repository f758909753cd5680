using Capstan.Cli.Application;
using Capstan.Cli.Serving;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Server.Hosting;
using Capstan.Training.Datasets;
using Capstan.Training.Trainers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Capstan.Cli.Quickstart;

/// <summary><c>capstan quickstart</c>: starts a server on embedded defaults, trains a real model, registers it in ML.NET and ONNX form, and serves until Ctrl+C.</summary>
internal sealed class QuickstartCommand(Terminal terminal) : AsyncCommand<ServeSettings>
{
    /// <summary>The model registered in ML.NET form.</summary>
    public const string MlNetModel = "breast-cancer";

    /// <summary>The same model registered in ONNX form.</summary>
    public const string OnnxModel = "breast-cancer-onnx";

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.ToServerOptions().TryGetValue(out var options, out var error))
            return terminal.Fail(error);
        if (!(await CapstanServer.BuildAsync(options, cancellationToken)).TryGetValue(out var server, out error))
            return terminal.Fail(error);
        await using (server)
        {
            try
            {
                await server.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                return terminal.Fail($"The server cannot listen on {options.Urls}: {e.Message}", ExitCodes.NotReady);
            }
            var address = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var registered = await TrainAndRegisterAsync(address, cancellationToken);
            if (!registered.TryGetValue(out var versions, out error))
                return terminal.Fail(error);
            ShowNextSteps(address, Path.GetFullPath(options.DataDirectory), versions);
            await server.WaitForShutdownAsync(cancellationToken);
        }
        return ExitCodes.Ok;
    }

    private async Task<Result<ModelVersionInfo[]>> TrainAndRegisterAsync(Uri address, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("capstan-quickstart-");
        try
        {
            var trained = await terminal.Output.Status().StartAsync("Training a FastTree classifier on the breast cancer data set…",
                _ => Task.Run(() => new BinaryClassifierTrainer(new TrainingParameters()).Train(BreastCancerDataset.Load(), work.FullName), cancellationToken));
            using var client = new CapstanClient(address) { User = Environment.UserName };
            if (!(await client.PushAsync(MlNetModel, trained.MlNetPath, QuickstartMetadata.For(trained, "ML.NET", parent: null), null, cancellationToken))
                .TryGetValue(out var mlnet, out var error))
                return error;
            if (!(await client.PushAsync(OnnxModel, trained.OnnxPath, QuickstartMetadata.For(trained, "ONNX", mlnet.Reference), null, cancellationToken))
                .TryGetValue(out var onnx, out error))
                return error;
            return new[] { mlnet, onnx };
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private void ShowNextSteps(Uri address, string dataDirectory, IReadOnlyList<ModelVersionInfo> versions)
    {
        var url = address.ToString().TrimEnd('/');
        var table = new Table().AddColumns("registered", "format", "size", "auc", "accuracy", "alias");
        foreach (var version in versions)
            table.AddRow(Markup.Escape(version.Reference), Display.Name(version.Format), Display.Bytes(version.SizeBytes),
                $"{version.Metrics["auc"]:0.000}", $"{version.Metrics["accuracy"]:0.000}", Display.List(version.Aliases));
        var output = terminal.Output;
        output.MarkupLine($"[green]Capstan is serving on {Markup.Escape(url)}[/] with its data in {Markup.Escape(dataDirectory)}");
        output.Write(table);
        output.MarkupLine("Try next, from another terminal ([grey]capstan[/] is [grey]dotnet run --project src/Capstan.Cli --[/] until installed):");
        string[] steps =
        [
            "capstan models",
            $"capstan show {MlNetModel}@{QuickstartMetadata.Alias}",
            $"capstan versions {OnnxModel}",
            $"capstan pull {OnnxModel}@{QuickstartMetadata.Alias} -o model.onnx",
            $"capstan push my-model model.onnx --alias staging --metric auc=0.99",
            $"curl {url}/api/v1/models",
            $"curl {url}/openapi/v1.json",
        ];
        foreach (var step in steps)
            output.MarkupLine($"  [blue]{Markup.Escape(step)}[/]");
        output.MarkupLine(url == "http://127.0.0.1:8080" ? "Press Ctrl+C to stop." : $"Add [blue]--server {Markup.Escape(url)}[/] to each command. Press Ctrl+C to stop.");
    }
}
