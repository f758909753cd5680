using Capstan.Cli.Push;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Testing.Files;

namespace Capstan.Cli.Tests.Push;

public sealed class PushMetadataBuilderTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BuildAsync_CollectsEveryOption()
    {
        var settings = new PushSettings
        {
            Name = "fraud",
            File = _directory.Write("model.onnx", "model"),
            Alias = "staging",
            Metrics = ["auc=0.97"],
            Params = ["trees=100"],
            Tags = ["team=risk"],
            Description = "First cut.",
            Card = _directory.Write("card.md", "# Fraud"),
            Parent = "fraud@champion",
            Data = _directory.Write("train.csv", "abc"),
        };

        var metadata = (await PushMetadataBuilder.BuildAsync(settings, _directory.Path, "alice", Cancellation)).Value;

        Assert.Equal(("staging", 0.97, "100", "risk", "First cut.", "# Fraud", "alice"),
            (metadata.Alias, metadata.Metrics!["auc"], metadata.Params!["trees"], metadata.Tags!["team"], metadata.Description, metadata.ModelCard, metadata.PushedBy));
        Assert.Equal(
            new Lineage(DataFingerprint: "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Parent: "fraud@champion"),
            metadata.Lineage);
    }

    [Fact]
    public async Task BuildAsync_RecordsAGivenDataFingerprintAsItIs()
    {
        var settings = new PushSettings { Name = "fraud", File = _directory.Write("model.onnx", "model"), DataFingerprint = "dvc:1234" };

        var metadata = (await PushMetadataBuilder.BuildAsync(settings, _directory.Path, "alice", Cancellation)).Value;

        Assert.Equal("dvc:1234", metadata.Lineage!.DataFingerprint);
    }

    [Fact]
    public async Task BuildAsync_RecordsTheGitLineageOfTheWorkingDirectory()
    {
        using var repository = GitRepository.Init();
        var settings = new PushSettings { Name = "fraud", File = repository.Write("model.onnx", "model") };
        repository.Commit();

        var metadata = (await PushMetadataBuilder.BuildAsync(settings, repository.Path, "alice", Cancellation)).Value;

        Assert.Equal(new Lineage(repository.Head, "main", false), metadata.Lineage);
    }

    private static readonly Dictionary<string, Func<string, PushSettings>> Refusals = new()
    {
        ["model name"] = file => new PushSettings { Name = "bad name", File = file },
        ["does not exist"] = _ => new PushSettings { Name = "fraud", File = "/no/such/model.onnx" },
        ["alias"] = file => new PushSettings { Name = "fraud", File = file, Alias = "1st" },
        ["--metric"] = file => new PushSettings { Name = "fraud", File = file, Metrics = ["auc"] },
        ["--param"] = file => new PushSettings { Name = "fraud", File = file, Params = ["a b=1"] },
        ["--tag"] = file => new PushSettings { Name = "fraud", File = file, Tags = ["x=1", "x=2"] },
        ["version"] = file => new PushSettings { Name = "fraud", File = file, Parent = "fraud:0" },
        ["not both"] = file => new PushSettings { Name = "fraud", File = file, Data = file, DataFingerprint = "x" },
        ["data file"] = file => new PushSettings { Name = "fraud", File = file, Data = "/no/such.csv" },
        ["model card"] = file => new PushSettings { Name = "fraud", File = file, Card = "/no/such.md" },
    };

    public static TheoryData<string> RefusalReasons => new(Refusals.Keys);

    [Theory]
    [MemberData(nameof(RefusalReasons))]
    public async Task BuildAsync_RefusesABadArgument(string reason)
    {
        var file = _directory.Write("model.onnx", "model");

        var error = (await PushMetadataBuilder.BuildAsync(Refusals[reason](file), _directory.Path, "alice", Cancellation)).Error;

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Contains(reason, error.Message);
    }

    public void Dispose() => _directory.Dispose();
}
