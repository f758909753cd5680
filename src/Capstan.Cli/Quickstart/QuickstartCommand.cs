using Capstan.Cli.Application;
using System.Globalization;
using System.Text;
using Capstan.Cli.Serving;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Server.Hosting;
using Capstan.Server.Security;
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

/// <summary><c>capstan quickstart</c>: starts a server on embedded defaults, trains a real model, registers and deploys it in ML.NET and ONNX form, and serves until Ctrl+C.</summary>
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
            var registered = await TrainAndRegisterAsync(address, CredentialsFile.Read(options.Auth.CredentialsFile ?? CredentialsFile.DefaultPath(), address), cancellationToken);
            if (!registered.TryGetValue(out var trained, out error))
                return terminal.Fail(error);
            var grpc = server.Services.GetRequiredService<ServerEndpoints>().Grpc[0];
            ShowNextSteps(address, grpc, Path.GetFullPath(options.DataDirectory), trained.Versions, trained.Row);
            await server.WaitForShutdownAsync(cancellationToken);
        }
        return ExitCodes.Ok;
    }

    private async Task<Result<(ModelVersionInfo[] Versions, float[] Row)>> TrainAndRegisterAsync(Uri address, string? apiKey, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("capstan-quickstart-");
        try
        {
            var trained = await terminal.Output.Status().StartAsync("Training a FastTree classifier on the breast cancer data set…",
                _ => Task.Run(() => new BinaryClassifierTrainer(new TrainingParameters()).Train(BreastCancerDataset.Load(), work.FullName), cancellationToken));
            using var client = new CapstanClient(address) { User = Environment.UserName, ApiKey = apiKey };
            if (!(await client.PushAsync(MlNetModel, trained.MlNetPath, QuickstartMetadata.For(trained, "ML.NET", parent: null), null, cancellationToken))
                .TryGetValue(out var mlnet, out var error))
                return error;
            if (!(await client.PushAsync(OnnxModel, trained.OnnxPath, QuickstartMetadata.For(trained, "ONNX", mlnet.Reference), null, cancellationToken))
                .TryGetValue(out var onnx, out error))
                return error;
            var reference = WriteReferenceData(work.FullName);
            foreach (var version in new[] { mlnet, onnx })
            {
                if (!(await terminal.Output.Status().StartAsync($"Profiling the training data for {version.Reference}…",
                        _ => client.SetProfileAsync(version.Reference, reference, cancellationToken: cancellationToken))).TryGetValue(out _, out error))
                    return error;
            }
            foreach (var model in new[] { MlNetModel, OnnxModel })
            {
                if (!(await terminal.Output.Status().StartAsync($"Deploying {model}@{QuickstartMetadata.Alias}…",
                        _ => DeployAsync(client, model, cancellationToken))).TryGetValue(out _, out error))
                    return error;
            }
            return (new[] { mlnet, onnx }, trained.Holdout[0].Features);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Writes the data set the models were trained on as CSV, one column per feature in the models' input order, for their reference profiles.</summary>
    private static string WriteReferenceData(string folder)
    {
        var data = BreastCancerDataset.Load();
        var csv = new StringBuilder();
        csv.AppendJoin(',', Enumerable.Range(1, data.FeatureCount).Select(i => $"feature_{i:00}")).Append('\n');
        foreach (var sample in data.Samples)
            csv.AppendJoin(',', sample.Features.Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        var path = Path.Combine(folder, "reference.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    private static async Task<Result<Deployment>> DeployAsync(CapstanClient client, string model, CancellationToken cancellationToken)
    {
        if (!(await client.DeployAsync($"{model}@{QuickstartMetadata.Alias}", cancellationToken: cancellationToken)).TryGetValue(out var deployed, out var error))
            return error;
        while (true)
        {
            if (!(await client.GetDeploymentAsync(model, cancellationToken)).TryGetValue(out var current, out error))
                return error;
            if (current.Revision == deployed.Revision && current.Status.State == DeploymentState.Ready)
                return current;
            if (current.Status.State == DeploymentState.Failed)
                return Error.Internal($"{model} did not deploy: {current.Status.Reason}");
            await Task.Delay(100, cancellationToken);
        }
    }

    private void ShowNextSteps(Uri address, Uri grpc, string dataDirectory, IReadOnlyList<ModelVersionInfo> versions, float[] row)
    {
        var url = address.ToString().TrimEnd('/');
        var features = string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var table = new Table().AddColumns("deployed", "format", "size", "auc", "accuracy", "alias");
        foreach (var version in versions)
            table.AddRow(Markup.Escape(version.Reference), Display.Name(version.Format), Display.Bytes(version.SizeBytes),
                $"{version.Metrics["auc"]:0.000}", $"{version.Metrics["accuracy"]:0.000}", Display.List(version.Aliases));
        var server = url == ServerAddress.Default ? "" : $" --server {url}";
        var token = $"$(capstan auth token{server})";
        var output = terminal.Output;
        output.MarkupLine($"[green]Capstan is serving on {Markup.Escape(url)}[/] (gRPC on {Markup.Escape(grpc.Authority)}) with its data in {Markup.Escape(dataDirectory)}");
        output.Write(table);
        output.MarkupLine("Try next, from another terminal ([grey]capstan[/] is [grey]dotnet run --project src/Capstan.Cli --[/] until installed):");
        string[] steps =
        [
            "capstan models",
            $"capstan show {MlNetModel}@{QuickstartMetadata.Alias}",
            $"capstan versions {OnnxModel}",
            $"capstan pull {OnnxModel}@{QuickstartMetadata.Alias} -o model.onnx",
            $"capstan push my-model model.onnx --alias staging --metric auc=0.99",
            $"capstan status",
            $$"""curl -s -X POST {{url}}/v2/models/{{OnnxModel}}/infer -H "Authorization: Bearer {{token}}" -H 'Content-Type: application/json' -d '{"inputs":[{"name":"Features","shape":[1,30],"datatype":"FP32","data":[{{features}}]}],"outputs":[{"name":"Probability.output"}]}'""",
            $$"""echo '[{"Features": [{{features}}]}]' > row.json && capstan predict {{OnnxModel}} --input row.json{{server}}""",
            $"grpcurl -plaintext -import-path src/Capstan.Server/Protos -proto open_inference_grpc.proto {grpc.Authority} inference.GRPCInferenceService/ServerReady",
            $"curl -H \"Authorization: Bearer {token}\" {url}/api/v1/models",
            "capstan keys create --role predictor --name my-app",
        ];
        foreach (var step in steps)
            output.Profile.Out.Writer.WriteLine("  " + step);
        output.MarkupLine(url == ServerAddress.Default ? "Press Ctrl+C to stop." : $"Add [blue]--server {Markup.Escape(url)}[/] to each command. Press Ctrl+C to stop.");
    }
}
