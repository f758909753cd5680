using Capstan.Cli.Versions;
using Capstan.Core.Registry;
using Capstan.Core.Signatures;
using Spectre.Console.Testing;

namespace Capstan.Cli.Tests.Versions;

public sealed class VersionViewTests
{
    private static readonly ModelVersionInfo Version = new(
        Model: "fraud",
        Version: 3,
        Format: ModelFormat.MlNet,
        SizeBytes: 1536,
        Sha256: new string('a', 64),
        Signature: new ModelSignature(
            Inputs: [new TensorSpec("Features", TensorDataType.Fp32, [-1, 30]), new TensorSpec("Label", TensorDataType.Bool, [-1])],
            Outputs: [new TensorSpec("Score", TensorDataType.Fp32, [-1])],
            RequiredInputs: ["Features"]),
        Metrics: new Dictionary<string, double> { ["auc"] = 0.97 },
        Params: new Dictionary<string, string> { ["trees"] = "100" },
        Tags: new Dictionary<string, string> { ["team"] = "[risk]" },
        Description: "Uses [bold] brackets.",
        ModelCard: "# Fraud model",
        Lineage: new Lineage("abc123", "main", true, "sha256:ff", "fraud:2"),
        PushedBy: "alice",
        CreatedAt: DateTimeOffset.UnixEpoch,
        Archived: true,
        Aliases: ["champion"]);

    [Fact]
    public void Render_ShowsEveryFactOfTheVersion()
    {
        var output = Render(Version);

        Assert.All(
            ["fraud:3 (archived)", "format: mlnet", "size: 1.5 KiB (1536 bytes)", $"sha256: {Version.Sha256}",
             "Features: FP32 [?, 30]", "Label: BOOL [?] (not required)", "Score: FP32 [?]",
             "auc = 0.97", "trees = 100", "team = [risk]",
             "git commit: abc123", "git branch: main", "git dirty: true", "data: sha256:ff", "parent: fraud:2",
             "Aliases: champion", "by alice", "Description: Uses [bold] brackets.", "Model card", "# Fraud model"],
            fact => Assert.Contains(fact, output));
    }

    [Fact]
    public void Render_MarksNothingNotRequiredWhenEveryInputIsRequired()
    {
        var output = Render(Version with { Signature = Version.Signature with { RequiredInputs = ["Features", "Label"] } });

        Assert.DoesNotContain("not required", output);
    }

    [Fact]
    public void Render_LeavesOutTheCardPanelWithoutACard()
    {
        Assert.DoesNotContain("Model card", Render(Version with { ModelCard = null }));
    }

    private static string Render(ModelVersionInfo version)
    {
        var console = new TestConsole().Width(200);
        console.Write(VersionView.Render(version));
        return console.Output;
    }
}
