using Capstan.Core.Registry;
using Capstan.Core.Signatures;
using Capstan.Client;
using Capstan.Testing.Files;
using Capstan.Testing.Servers;
using Capstan.Training.Datasets;

namespace Capstan.Cli.Tests.Quickstart;

public sealed class QuickstartTests
{
    [Fact]
    public async Task Quickstart_InAnEmptyDirectoryRegistersAndDeploysARealModelInBothFormsAndPrintsAWorkingCurl()
    {
        using var empty = new TempDirectory();
        await using var quickstart = await ServerProcess.StartAsync("quickstart", ".capstan", empty.Path, []);
        using var client = new CapstanClient(quickstart.BaseAddress) { ApiKey = quickstart.AdminKey };

        var mlnet = await WaitForAsync(client, quickstart, "breast-cancer@champion");
        var onnx = await WaitForAsync(client, quickstart, "breast-cancer-onnx@champion");

        Assert.Equal((ModelFormat.MlNet, ModelFormat.Onnx), (mlnet.Format, onnx.Format));
        Assert.All([mlnet, onnx], v => Assert.InRange(v.Metrics["auc"], 0.95, 1.0));
        Assert.Equal(BreastCancerDataset.Fingerprint(), onnx.Lineage.DataFingerprint);
        Assert.Equal(mlnet.Reference, onnx.Lineage.Parent);
        Assert.Contains("Breast Cancer", mlnet.ModelCard);
        Assert.Equal(["Features"], onnx.Signature.RequiredInputs);
        Assert.True(File.Exists(empty.Combine(".capstan", "capstan.db")));
        await WaitForOutputAsync(quickstart, "Press Ctrl+C to stop.");
        foreach (var version in new[] { mlnet, onnx })
        {
            var profile = (await client.GetProfileAsync(version.Reference, TestContext.Current.CancellationToken)).Value;
            Assert.Equal(BreastCancerDataset.Load().Samples.Count, profile.Rows);
            Assert.Equal(30, profile.Features.Count);
            Assert.NotEmpty(profile.Predictions);
        }
        Assert.Contains($"{quickstart.BaseAddress.ToString().TrimEnd('/')}/api/v1/models", quickstart.Output);
        Assert.Contains($"gRPC on 127.0.0.1:", quickstart.Output);
        var curl = quickstart.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("curl -s -X POST", StringComparison.Ordinal));
        var answer = await RunShellAsync($"capstan() {{ dotnet '{ServerProcess.CapstanDll()}' \"$@\"; }}; export CAPSTAN_CREDENTIALS='{quickstart.CredentialsPath}'; {curl}");
        Assert.Contains("\"model_name\":\"breast-cancer-onnx\",\"model_version\":\"1\"", answer);
        Assert.Contains("Probability.output", answer);
        var predict = quickstart.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("echo '[{", StringComparison.Ordinal));
        var predicted = await RunShellAsync($"capstan() {{ dotnet '{ServerProcess.CapstanDll()}' \"$@\"; }}; export CAPSTAN_CREDENTIALS='{quickstart.CredentialsPath}'; cd '{empty.Path}' && {predict}");
        Assert.Contains("Predicted 1 row with breast-cancer-onnx:1.", predicted);

        Assert.Equal(0, await quickstart.InterruptAsync());
    }

    private static async Task<ModelVersionInfo> WaitForAsync(CapstanClient client, ServerProcess quickstart, string reference)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if ((await client.GetVersionAsync(reference, TestContext.Current.CancellationToken)).TryGetValue(out var version, out _))
                return version;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"{reference} was not registered within a minute. The quickstart printed:\n{quickstart.Output}");
    }

    private static async Task<string> RunShellAsync(string command)
    {
        using var shell = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true })!;
        var output = await shell.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await shell.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output;
    }

    private static async Task WaitForOutputAsync(ServerProcess process, string text)
    {
        for (var attempt = 0; attempt < 300 && !process.Output.Contains(text); attempt++)
            await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Contains(text, process.Output);
    }
}
