using System.Security.Cryptography;
using System.Text;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Signatures;
using Capstan.Registry.Stores;
using Microsoft.Extensions.Time.Testing;

namespace Capstan.Registry.Tests.Stores;

/// <summary>The behaviour every <see cref="IRegistryStore"/> must have; each store runs it through a small subclass.</summary>
public abstract partial class RegistryStoreContract : IAsyncLifetime
{
    private static readonly ModelSignature Signature = new(
        Inputs: [new TensorSpec("features", TensorDataType.Fp32, [-1, 30])],
        Outputs: [new TensorSpec("label", TensorDataType.Int64, [-1]), new TensorSpec("probabilities", TensorDataType.Fp32, [-1, 2])],
        RequiredInputs: ["features"]);

    /// <summary>The actor of the contract's writes: a name, an API key and an address, as an authenticated request has.</summary>
    protected static readonly Actor Alice = new("alice", "a1b2c3d4e5f6", "192.0.2.7");

    protected static readonly DateTimeOffset Start = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(Start);

    protected IRegistryStore Store { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Opens a store on this test's storage; durable stores open another instance on the same storage each time.</summary>
    protected abstract Task<IRegistryStore> OpenStoreAsync();

    public virtual async ValueTask InitializeAsync() => Store = await OpenStoreAsync();

    public virtual async ValueTask DisposeAsync()
    {
        if (Store is not null)
            await Store.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task AddVersion_NumbersVersionsOneTwoThreePerModel()
    {
        var pushed = new List<string>();
        foreach (var model in new[] { "fraud", "fraud", "churn", "fraud", "churn" })
            pushed.Add(Ok(await Store.AddVersionAsync(Version(model), Ct)).Reference);

        Assert.Equal(["fraud:1", "fraud:2", "churn:1", "fraud:3", "churn:2"], pushed);
    }

    [Fact]
    public async Task AddVersion_NumbersVersionsGapFreeUnder64ConcurrentPushes()
    {
        var versions = await PushConcurrentlyAsync(Store, Enumerable.Repeat("fraud", 64));

        Assert.Equal(Enumerable.Range(1, 64), versions.Select(v => v.Version).Order());
        var model = Ok(await Store.GetModelAsync(Name("fraud"), Ct));
        Assert.Equal(64, model.VersionCount);
        Assert.Equal(64, model.LatestVersion);
    }

    [Fact]
    public async Task AddVersion_NumbersEachModelGapFreeUnderConcurrentPushesToSeveralModels()
    {
        string[] models = ["a", "b", "c", "d"];

        var versions = await PushConcurrentlyAsync(Store, Enumerable.Range(0, 64).Select(i => models[i % models.Length]));

        foreach (var model in models)
            Assert.Equal(Enumerable.Range(1, 16), versions.Where(v => v.Model == model).Select(v => v.Version).Order());
    }

    [Fact]
    public async Task AddVersion_NeverReusesTheNumberOfADeletedVersion()
    {
        await PushAsync("fraud", 3);
        Ok(await Store.DeleteVersionAsync(Name("fraud"), 3, Alice, Ct));
        Assert.Equal(4, Ok(await Store.AddVersionAsync(Version("fraud"), Ct)).Version);

        foreach (var number in new[] { 1, 2, 4 })
            Ok(await Store.DeleteVersionAsync(Name("fraud"), number, Alice, Ct));

        Assert.Equal(5, Ok(await Store.AddVersionAsync(Version("fraud"), Ct)).Version);
    }

    [Fact]
    public async Task AddVersion_RecordsEverythingItWasGiven()
    {
        Time.SetUtcNow(Start.AddTicks(1_234_567));
        var given = Version("fraud") with
        {
            Format = ModelFormat.MlNet,
            SizeBytes = 5_000_000_000,
            Metrics = new Dictionary<string, double> { ["auc"] = 0.975, ["f1"] = 0.5 },
            Params = new Dictionary<string, string> { ["trees"] = "100" },
            Tags = new Dictionary<string, string> { ["team"] = "risk", ["empty"] = "" },
            Description = "Gradient boosted trees.",
            ModelCard = "# Fraud\n\nIntended use: card transactions.",
            Lineage = new Lineage("0123abc", "main", true, "sha256:feed"),
        };

        var added = Ok(await Store.AddVersionAsync(given, Ct));
        var resolved = Ok(await Store.ResolveAsync(Reference("fraud:1"), Ct));

        foreach (var version in new[] { added, resolved })
        {
            Assert.Equal(("fraud", 1, ModelFormat.MlNet, 5_000_000_000L, given.Sha256), (version.Model, version.Version, version.Format, version.SizeBytes, version.Sha256));
            Assert.Equal(Signature, version.Signature);
            Assert.Equal(given.Metrics, version.Metrics);
            Assert.Equal(given.Params, version.Params);
            Assert.Equal(given.Tags, version.Tags);
            Assert.Equal(("Gradient boosted trees.", given.ModelCard), (version.Description, version.ModelCard));
            Assert.Equal(new Lineage("0123abc", "main", true, "sha256:feed"), version.Lineage);
            Assert.Equal("alice", version.PushedBy);
            Assert.Equal(Start.AddTicks(1_234_560), version.CreatedAt);
            Assert.Equal(TimeSpan.Zero, version.CreatedAt.Offset);
            Assert.False(version.Archived);
            Assert.Empty(version.Aliases);
        }
    }

    [Fact]
    public async Task AddVersion_RecordsNullableFieldsAsAbsent()
    {
        var version = Ok(await Store.AddVersionAsync(Version("fraud") with { Lineage = Lineage.None }, Ct));

        Assert.Equal(Lineage.None, Ok(await Store.ResolveAsync(Reference("fraud:1"), Ct)).Lineage);
        Assert.Null(version.Description);
        Assert.Empty(version.Metrics);
    }

    [Fact]
    public async Task AddVersion_CreatesTheModelOnItsFirstPush()
    {
        Assert.Equal(ErrorCode.NotFound, Failed(await Store.GetModelAsync(Name("fraud"), Ct)).Code);

        await PushAsync("fraud");
        Time.Advance(TimeSpan.FromMinutes(5));
        await PushAsync("fraud");

        var model = Ok(await Store.GetModelAsync(Name("fraud"), Ct));
        Assert.Equal(("fraud", (string?)null, 2, (int?)2), (model.Name, model.Description, model.VersionCount, model.LatestVersion));
        Assert.Equal(Start, model.CreatedAt);
        Assert.Equal(Start.AddMinutes(5), model.UpdatedAt);
        Assert.Empty(model.Tags);
        Assert.Empty(model.Aliases);
    }

    [Fact]
    public async Task AddVersion_SetsTheAliasInTheSameCall()
    {
        await PushAsync("fraud");

        var added = Ok(await Store.AddVersionAsync(Version("fraud") with { Alias = Alias("champion") }, Ct));

        Assert.Equal(["champion"], added.Aliases);
        Assert.Equal(2, Ok(await Store.ResolveAsync(Reference("fraud@champion"), Ct)).Version);
        var change = Assert.Single(Ok(await Store.GetAliasHistoryAsync(Name("fraud"), Alias("champion"), Ct)));
        Assert.Equal(new AliasChange("fraud", "champion", 2, null, Start, "alice"), change);
    }

    [Fact]
    public async Task AddVersion_RecordsTheParentAsNameColonNumber()
    {
        await PushAsync("base", 2);

        var child = Ok(await Store.AddVersionAsync(
            Version("tuned") with { Lineage = new Lineage(Parent: "base@whatever"), Parent = (Name("base"), 2) }, Ct));

        Assert.Equal("base:2", child.Lineage.Parent);
        Assert.Equal("base:2", Ok(await Store.ResolveAsync(Reference("tuned"), Ct)).Lineage.Parent);
    }

    [Fact]
    public async Task AddVersion_RefusesAMissingParentAndLeavesNothingBehind()
    {
        await PushAsync("base");

        var error = Failed(await Store.AddVersionAsync(Version("tuned") with { Parent = (Name("base"), 7), Alias = Alias("staging") }, Ct));

        Assert.Equal(Error.NotFound("The parent version base:7 does not exist."), error);
        Assert.Equal(ErrorCode.NotFound, Failed(await Store.GetModelAsync(Name("tuned"), Ct)).Code);
        Assert.Equal(1, Ok(await Store.AddVersionAsync(Version("tuned"), Ct)).Version);
        Assert.Equal(2, Ok(await Store.AddVersionAsync(Version("base") with { Parent = (Name("base"), 1) }, Ct)).Version);
    }

    [Fact]
    public async Task Resolve_FindsAnArchivedVersionByNumber()
    {
        await PushAsync("fraud", 2);
        Ok(await Store.SetArchivedAsync(Name("fraud"), 1, true, Alice, Ct));

        var resolved = Ok(await Store.ResolveAsync(Reference("fraud:1"), Ct));

        Assert.Equal(("fraud:1", true), (resolved.Reference, resolved.Archived));
    }

    [Fact]
    public async Task Resolve_FollowsTheAliasEvenToAnArchivedVersion()
    {
        await PushAsync("fraud", 3);
        Ok(await Store.SetAliasAsync(Name("fraud"), Alias("champion"), 2, new Actor("bob"), Ct));
        Ok(await Store.SetArchivedAsync(Name("fraud"), 2, true, Alice, Ct));

        var resolved = Ok(await Store.ResolveAsync(Reference("fraud@champion"), Ct));

        Assert.Equal("fraud:2", resolved.Reference);
        Assert.Equal(["champion"], resolved.Aliases);
    }

    [Fact]
    public async Task Resolve_LatestIsTheHighestNonArchivedVersion()
    {
        await PushAsync("fraud", 3);
        Ok(await Store.SetArchivedAsync(Name("fraud"), 3, true, Alice, Ct));

        Assert.Equal(2, Ok(await Store.ResolveAsync(Reference("fraud"), Ct)).Version);
        Assert.Equal(2, Ok(await Store.GetModelAsync(Name("fraud"), Ct)).LatestVersion);
    }

    [Fact]
    public async Task Resolve_LatestFailsWithNotFoundWhenEveryVersionIsArchived()
    {
        await PushAsync("fraud", 2);
        Ok(await Store.SetArchivedAsync(Name("fraud"), 1, true, Alice, Ct));
        Ok(await Store.SetArchivedAsync(Name("fraud"), 2, true, Alice, Ct));

        Assert.Equal(Error.NotFound("Model 'fraud' has no version that is not archived."), Failed(await Store.ResolveAsync(Reference("fraud"), Ct)));
        Assert.Null(Ok(await Store.GetModelAsync(Name("fraud"), Ct)).LatestVersion);
    }

    [Fact]
    public async Task Resolve_NamesWhatIsMissing()
    {
        await PushAsync("fraud");

        Assert.Equal(Error.NotFound("Model 'fraud' has no version 9."), Failed(await Store.ResolveAsync(Reference("fraud:9"), Ct)));
        Assert.Equal(Error.NotFound("Model 'fraud' has no alias 'champion'."), Failed(await Store.ResolveAsync(Reference("fraud@champion"), Ct)));
        foreach (var reference in new[] { "ghost", "ghost:1", "ghost@champion" })
            Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), Failed(await Store.ResolveAsync(Reference(reference), Ct)));
    }

    [Fact]
    public async Task SetAlias_CreatesThenMovesTheAliasAndKeepsItsHistory()
    {
        await PushAsync("fraud", 2);

        var created = Ok(await Store.SetAliasAsync(Name("fraud"), Alias("champion"), 1, new Actor("alice"), Ct));
        Time.Advance(TimeSpan.FromHours(1));
        var moved = Ok(await Store.SetAliasAsync(Name("fraud"), Alias("champion"), 2, new Actor("bob"), Ct));

        Assert.Equal(new AliasInfo("fraud", "champion", 1, Start, "alice"), created);
        Assert.Equal(new AliasInfo("fraud", "champion", 2, Start.AddHours(1), "bob"), moved);
        Assert.Equal([moved], Ok(await Store.ListAliasesAsync(Name("fraud"), Ct)));
        Assert.Equal(2, Ok(await Store.ResolveAsync(Reference("fraud@champion"), Ct)).Version);
        Assert.Empty(Ok(await Store.ResolveAsync(Reference("fraud:1"), Ct)).Aliases);
        Assert.Equal(
            [
                new AliasChange("fraud", "champion", 1, null, Start, "alice"),
                new AliasChange("fraud", "champion", 2, 1, Start.AddHours(1), "bob"),
            ],
            Ok(await Store.GetAliasHistoryAsync(Name("fraud"), Alias("champion"), Ct)));
        Assert.Equal(Start.AddHours(1), Ok(await Store.GetModelAsync(Name("fraud"), Ct)).UpdatedAt);
    }

    [Fact]
    public async Task SetAlias_ToAMissingVersionFailsWithNotFound()
    {
        await PushAsync("fraud");

        Assert.Equal(
            Error.NotFound("Model 'fraud' has no version 2."),
            Failed(await Store.SetAliasAsync(Name("fraud"), Alias("champion"), 2, new Actor("alice"), Ct)));
        Assert.Equal(
            Error.NotFound("Model 'ghost' does not exist."),
            Failed(await Store.SetAliasAsync(Name("ghost"), Alias("champion"), 1, new Actor("alice"), Ct)));
        Assert.Empty(Ok(await Store.ListAliasesAsync(Name("fraud"), Ct)));
    }

    [Fact]
    public async Task RemoveAlias_RemovesItAndRecordsTheRemoval()
    {
        await PushAsync("fraud");
        Ok(await Store.SetAliasAsync(Name("fraud"), Alias("champion"), 1, new Actor("alice"), Ct));
        Time.Advance(TimeSpan.FromDays(1));

        var removed = Ok(await Store.RemoveAliasAsync(Name("fraud"), Alias("champion"), new Actor("bob"), Ct));

        Assert.Equal(new AliasInfo("fraud", "champion", 1, Start, "alice"), removed);
        Assert.Equal(ErrorCode.NotFound, Failed(await Store.ResolveAsync(Reference("fraud@champion"), Ct)).Code);
        Assert.Empty(Ok(await Store.GetModelAsync(Name("fraud"), Ct)).Aliases);
        Assert.Equal(
            new AliasChange("fraud", "champion", null, 1, Start.AddDays(1), "bob"),
            Ok(await Store.GetAliasHistoryAsync(Name("fraud"), Alias("champion"), Ct))[^1]);
        Assert.Equal(
            Error.NotFound("Model 'fraud' has no alias 'champion'."),
            Failed(await Store.RemoveAliasAsync(Name("fraud"), Alias("champion"), new Actor("bob"), Ct)));
    }

    [Fact]
    public async Task ListAliases_ListsEveryAliasByNameAndVersionsListTheirs()
    {
        await PushAsync("fraud", 2);
        foreach (var (alias, version) in new[] { ("staging", 2), ("champion", 1), ("Canary", 2) })
            Ok(await Store.SetAliasAsync(Name("fraud"), Alias(alias), version, new Actor("alice"), Ct));

        var aliases = Ok(await Store.ListAliasesAsync(Name("fraud"), Ct));

        Assert.Equal(["Canary", "champion", "staging"], aliases.Select(a => a.Alias));
        Assert.Equal(["Canary", "staging"], Ok(await Store.ResolveAsync(Reference("fraud:2"), Ct)).Aliases);
        Assert.Equal(
            new Dictionary<string, int> { ["Canary"] = 2, ["champion"] = 1, ["staging"] = 2 },
            Ok(await Store.GetModelAsync(Name("fraud"), Ct)).Aliases);
        Assert.Equal(ErrorCode.NotFound, Failed(await Store.ListAliasesAsync(Name("ghost"), Ct)).Code);
    }

    [Fact]
    public async Task GetAliasHistory_FailsWithNotFoundForAnAliasNeverSet()
    {
        await PushAsync("fraud");

        Assert.Equal(
            Error.NotFound("Model 'fraud' has never had an alias 'champion'."),
            Failed(await Store.GetAliasHistoryAsync(Name("fraud"), Alias("champion"), Ct)));
        Assert.Equal(ErrorCode.NotFound, Failed(await Store.GetAliasHistoryAsync(Name("ghost"), Alias("champion"), Ct)).Code);
    }

    [Fact]
    public async Task SetArchived_HidesFromListingAndLatestButResolvesByNumber()
    {
        await PushAsync("fraud", 3);

        var archived = Ok(await Store.SetArchivedAsync(Name("fraud"), 3, true, Alice, Ct));

        Assert.True(archived.Archived);
        Assert.Equal([2, 1], Ok(await Store.ListVersionsAsync(Name("fraud"), new VersionQuery(), Ct)).Items.Select(v => v.Version));
        Assert.Equal([3, 2, 1], Ok(await Store.ListVersionsAsync(Name("fraud"), new VersionQuery(IncludeArchived: true), Ct)).Items.Select(v => v.Version));
        Assert.Equal(2, Ok(await Store.ResolveAsync(Reference("fraud"), Ct)).Version);
        Assert.True(Ok(await Store.ResolveAsync(Reference("fraud:3"), Ct)).Archived);
        Assert.Equal((2, 3), (Ok(await Store.GetModelAsync(Name("fraud"), Ct)).LatestVersion, Ok(await Store.GetModelAsync(Name("fraud"), Ct)).VersionCount));

        Assert.False(Ok(await Store.SetArchivedAsync(Name("fraud"), 3, false, Alice, Ct)).Archived);
        Assert.Equal(3, Ok(await Store.ResolveAsync(Reference("fraud"), Ct)).Version);
    }

    [Fact]
    public async Task SetArchived_OnAMissingVersionFailsWithNotFound()
    {
        await PushAsync("fraud");

        Assert.Equal(Error.NotFound("Model 'fraud' has no version 2."), Failed(await Store.SetArchivedAsync(Name("fraud"), 2, true, Alice, Ct)));
        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), Failed(await Store.SetArchivedAsync(Name("ghost"), 1, true, Alice, Ct)));
    }

    [Fact]
    public async Task DeleteVersion_IsRefusedWhileAnAliasPointsAtIt()
    {
        await PushAsync("fraud", 2);
        Ok(await Store.SetAliasAsync(Name("fraud"), Alias("champion"), 1, new Actor("alice"), Ct));

        Assert.Equal(
            Error.Conflict("Version fraud:1 cannot be deleted while alias 'champion' points at it; move or remove the alias first."),
            Failed(await Store.DeleteVersionAsync(Name("fraud"), 1, Alice, Ct)));

        Ok(await Store.SetAliasAsync(Name("fraud"), Alias("champion"), 2, new Actor("alice"), Ct));
        var deleted = Ok(await Store.DeleteVersionAsync(Name("fraud"), 1, Alice, Ct));

        Assert.Equal("fraud:1", deleted.Reference);
        Assert.Equal(Error.NotFound("Model 'fraud' has no version 1."), Failed(await Store.ResolveAsync(Reference("fraud:1"), Ct)));
        Assert.Equal(1, Ok(await Store.GetModelAsync(Name("fraud"), Ct)).VersionCount);
    }

    [Fact]
    public async Task DeleteVersion_IsRefusedWhileAnotherVersionNamesItAsParent()
    {
        await PushAsync("base");
        Ok(await Store.AddVersionAsync(Version("base") with { Parent = (Name("base"), 1) }, Ct));
        Ok(await Store.AddVersionAsync(Version("tuned") with { Parent = (Name("base"), 1) }, Ct));

        Assert.Equal(
            Error.Conflict("Version base:1 cannot be deleted while versions base:2, tuned:1 name it as their parent; delete them first."),
            Failed(await Store.DeleteVersionAsync(Name("base"), 1, Alice, Ct)));

        Ok(await Store.DeleteVersionAsync(Name("base"), 2, Alice, Ct));
        Assert.Equal(
            Error.Conflict("Version base:1 cannot be deleted while version tuned:1 names it as its parent; delete that version first."),
            Failed(await Store.DeleteVersionAsync(Name("base"), 1, Alice, Ct)));

        Ok(await Store.DeleteVersionAsync(Name("tuned"), 1, Alice, Ct));
        Ok(await Store.DeleteVersionAsync(Name("base"), 1, Alice, Ct));
        Assert.Equal(0, Ok(await Store.GetModelAsync(Name("base"), Ct)).VersionCount);
    }

    [Fact]
    public async Task DeleteVersion_RacingAPushThatNamesItAsParentLetsExactlyOneWin()
    {
        for (var round = 1; round <= 20; round++)
        {
            await PushAsync("base");
            var push = Task.Run(() => Store.AddVersionAsync(Version("tuned") with { Parent = (Name("base"), round) }, Ct));
            var delete = Task.Run(() => Store.DeleteVersionAsync(Name("base"), round, Alice, Ct));

            var (pushed, deleted) = (await push, await delete);

            Assert.True(pushed.IsSuccess != deleted.IsSuccess, $"Round {round}: push {pushed}, delete {deleted}.");
            Assert.Equal(pushed.IsSuccess ? ErrorCode.Conflict : ErrorCode.NotFound, pushed.IsSuccess ? deleted.Error.Code : pushed.Error.Code);
        }
    }

    [Fact]
    public async Task DeleteVersion_OfAMissingVersionFailsWithNotFound()
    {
        await PushAsync("fraud");

        Assert.Equal(Error.NotFound("Model 'fraud' has no version 2."), Failed(await Store.DeleteVersionAsync(Name("fraud"), 2, Alice, Ct)));
        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), Failed(await Store.DeleteVersionAsync(Name("ghost"), 1, Alice, Ct)));
    }

    [Fact]
    public async Task ListModels_PagesByNameThroughBothFilters()
    {
        foreach (var name in new[] { "fraud-us", "fraud-eu", "churn", "fraud-apac", "fraud-latam", "fraudster", "fraud-uk" })
            await PushAsync(name);
        foreach (var name in new[] { "fraud-us", "fraud-eu", "fraud-apac", "fraud-uk", "churn" })
            Ok(await Store.UpdateModelAsync(Name(name), new ModelUpdate(Tags: new Dictionary<string, string> { ["team"] = name == "fraud-eu" ? "eu-risk" : "risk" }), Alice, Ct));

        var names = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = Ok(await Store.ListModelsAsync(new ModelQuery("fraud-", ("team", "risk"), PageSize: 2, PageToken: token), Ct));
            names.AddRange(page.Items.Select(m => m.Name));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(["fraud-apac", "fraud-uk", "fraud-us"], names);
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task ListModels_GivesNoTokenWhenTheLastPageIsFull()
    {
        await PushAsync("a");
        await PushAsync("b");

        var page = Ok(await Store.ListModelsAsync(new ModelQuery(PageSize: 2), Ct));

        Assert.Equal(["a", "b"], page.Items.Select(m => m.Name));
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task ListModels_MatchesThePrefixCaseSensitivelyAndNotAsAPattern()
    {
        foreach (var name in new[] { "fr_a", "frXa", "Fraud", "fraud", "fr", "fr.b", "f" })
            await PushAsync(name);

        Assert.Equal(["fr_a"], await ListNamesAsync(new ModelQuery("fr_")));
        Assert.Equal(["fr", "fr.b", "frXa", "fr_a", "fraud"], await ListNamesAsync(new ModelQuery("fr")));
        Assert.Equal(["Fraud"], await ListNamesAsync(new ModelQuery("F")));
        Assert.Equal(["Fraud", "f", "fr", "fr.b", "frXa", "fr_a", "fraud"], await ListNamesAsync(new ModelQuery("")));
        Assert.Equal(ErrorCode.InvalidInput, Failed(await Store.ListModelsAsync(new ModelQuery("fr%"), Ct)).Code);
    }

    [Fact]
    public async Task ListModels_FiltersByTagKeyOrKeyAndValue()
    {
        foreach (var (name, tags) in new[] { ("a", "team=risk"), ("b", "team=growth"), ("c", "owner=risk"), ("d", "") })
        {
            await PushAsync(name);
            var parsed = tags.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split('=')).ToDictionary(t => t[0], t => t[1]);
            Ok(await Store.UpdateModelAsync(Name(name), new ModelUpdate(Tags: parsed), Alice, Ct));
        }

        Assert.Equal(["a", "b"], await ListNamesAsync(new ModelQuery(Tag: ("team", null))));
        Assert.Equal(["a"], await ListNamesAsync(new ModelQuery(Tag: ("team", "risk"))));
        Assert.Empty(await ListNamesAsync(new ModelQuery(Tag: ("team", "Risk"))));
    }

    [Fact]
    public async Task ListVersions_ListsNewestFirstInPagesAndHidesArchivedUnlessAsked()
    {
        await PushAsync("fraud", 7);
        Ok(await Store.SetArchivedAsync(Name("fraud"), 6, true, Alice, Ct));
        Ok(await Store.SetArchivedAsync(Name("fraud"), 2, true, Alice, Ct));
        Ok(await Store.SetAliasAsync(Name("fraud"), Alias("champion"), 5, new Actor("alice"), Ct));

        var pages = new List<int[]>();
        string? token = null;
        do
        {
            var page = Ok(await Store.ListVersionsAsync(Name("fraud"), new VersionQuery(PageSize: 2, PageToken: token), Ct));
            pages.Add(page.Items.Select(v => v.Version).ToArray());
            Assert.All(page.Items, v => Assert.Equal(v.Version == 5 ? ["champion"] : [], v.Aliases));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal([[7, 5], [4, 3], [1]], pages);
        var all = Ok(await Store.ListVersionsAsync(Name("fraud"), new VersionQuery(IncludeArchived: true, PageSize: 4), Ct));
        Assert.Equal([7, 6, 5, 4], all.Items.Select(v => v.Version));
        var rest = Ok(await Store.ListVersionsAsync(Name("fraud"), new VersionQuery(IncludeArchived: true, PageToken: all.NextPageToken), Ct));
        Assert.Equal([3, 2, 1], rest.Items.Select(v => v.Version));
        Assert.Null(rest.NextPageToken);
    }

    [Fact]
    public async Task ListVersions_OfAMissingModelFailsWithNotFound()
    {
        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), Failed(await Store.ListVersionsAsync(Name("ghost"), new VersionQuery(), Ct)));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("")]
    [InlineData("bTo")]
    [InlineData("djo3")]
    [InlineData("bTouLi8")]
    public async Task ListModels_RefusesAPageTokenItDidNotGive(string token)
    {
        await PushAsync("fraud");

        Assert.Equal(ErrorCode.InvalidInput, Failed(await Store.ListModelsAsync(new ModelQuery(PageToken: token), Ct)).Code);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bTpmcmF1ZA")]
    [InlineData("djow")]
    [InlineData("djotMQ")]
    [InlineData("__8")]
    public async Task ListVersions_RefusesAPageTokenItDidNotGive(string token)
    {
        await PushAsync("fraud");

        Assert.Equal(ErrorCode.InvalidInput, Failed(await Store.ListVersionsAsync(Name("fraud"), new VersionQuery(PageToken: token), Ct)).Code);
    }

    [Fact]
    public async Task List_RefusesAPageSizeOutside1To1000()
    {
        await PushAsync("fraud");

        foreach (var size in new[] { 0, -1, 1001 })
        {
            Assert.Equal(
                Error.InvalidInput($"The page size {size} is outside 1 to 1000."),
                Failed(await Store.ListModelsAsync(new ModelQuery(PageSize: size), Ct)));
            Assert.Equal(ErrorCode.InvalidInput, Failed(await Store.ListVersionsAsync(Name("fraud"), new VersionQuery(PageSize: size), Ct)).Code);
        }
        Assert.Single(Ok(await Store.ListModelsAsync(new ModelQuery(PageSize: 1000), Ct)).Items);
        Assert.Single(Ok(await Store.ListVersionsAsync(Name("fraud"), new VersionQuery(PageSize: 1), Ct)).Items);
    }

    [Fact]
    public async Task UpdateModel_ChangesTheDescriptionAndReplacesTheTags()
    {
        await PushAsync("fraud");
        Time.Advance(TimeSpan.FromSeconds(30));

        var first = Ok(await Store.UpdateModelAsync(
            Name("fraud"), new ModelUpdate("Scores card payments.", new Dictionary<string, string> { ["team"] = "risk", ["tier"] = "1" }), Alice, Ct));
        Time.Advance(TimeSpan.FromSeconds(30));
        var second = Ok(await Store.UpdateModelAsync(Name("fraud"), new ModelUpdate(Tags: new Dictionary<string, string> { ["team"] = "fraud" }), Alice, Ct));
        var third = Ok(await Store.UpdateModelAsync(Name("fraud"), new ModelUpdate(Description: "Scores payments."), Alice, Ct));

        Assert.Equal("Scores card payments.", first.Description);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "risk", ["tier"] = "1" }, first.Tags);
        Assert.Equal(Start.AddSeconds(30), first.UpdatedAt);
        Assert.Equal(("Scores card payments.", Start.AddMinutes(1)), (second.Description, second.UpdatedAt));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "fraud" }, second.Tags);
        Assert.Equal("Scores payments.", third.Description);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "fraud" }, Ok(await Store.GetModelAsync(Name("fraud"), Ct)).Tags);
        Assert.Equal(Start, third.CreatedAt);
    }

    [Fact]
    public async Task UpdateModel_OfAMissingModelFailsWithNotFound()
    {
        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), Failed(await Store.UpdateModelAsync(Name("ghost"), new ModelUpdate("x"), Alice, Ct)));
    }

    [Fact]
    public async Task IsArtifactReferenced_IsTrueWhileAnyVersionArchivedOrNotUsesIt()
    {
        var shared = Sha256("shared");
        Ok(await Store.AddVersionAsync(Version("fraud") with { Sha256 = shared }, Ct));
        Ok(await Store.AddVersionAsync(Version("churn") with { Sha256 = shared }, Ct));

        Assert.False(await Store.IsArtifactReferencedAsync(Sha256("other"), Ct));
        Assert.True(await Store.IsArtifactReferencedAsync(shared, Ct));
        Ok(await Store.SetArchivedAsync(Name("fraud"), 1, true, Alice, Ct));
        Ok(await Store.DeleteVersionAsync(Name("churn"), 1, Alice, Ct));
        Assert.True(await Store.IsArtifactReferencedAsync(shared, Ct));
        Ok(await Store.DeleteVersionAsync(Name("fraud"), 1, Alice, Ct));
        Assert.False(await Store.IsArtifactReferencedAsync(shared, Ct));
    }

    [Fact]
    public async Task SetDeployment_CreatesAPendingDeploymentAtRevisionOne()
    {
        await PushAsync("fraud");
        Time.SetUtcNow(Start.AddTicks(1_234_567));
        var batching = new BatchingSettings(MaxBatchSize: 32, MaxQueueDelayMicroseconds: 500, MaxQueueSize: 64);

        var deployed = Ok(await Store.SetDeploymentAsync(Name("fraud"), new DeploymentSpec("fraud:1", batching), null, new Actor("alice"), Ct));

        var at = Start.AddTicks(1_234_560);
        var expected = new Deployment(
            "fraud", "fraud:1", batching, 1, at, "alice", new DeploymentStatus(DeploymentState.Pending, null, null, null, at));
        Assert.Equal(expected, deployed);
        Assert.Equal(expected, Ok(await Store.GetDeploymentAsync(Name("fraud"), Ct)));
        Assert.Equal(Start, Ok(await Store.GetModelAsync(Name("fraud"), Ct)).UpdatedAt);
    }

    [Fact]
    public async Task SetDeployment_KeepsTheExposedOutputsInOrderAndNullForAll()
    {
        await PushAsync("fraud");

        var listed = Ok(await Store.SetDeploymentAsync(Name("fraud"), new DeploymentSpec("fraud:1", BatchingSettings.Default, ["probabilities", "label"]), null, new Actor("alice"), Ct));
        var stored = Ok(await Store.GetDeploymentAsync(Name("fraud"), Ct));
        var all = Ok(await Store.SetDeploymentAsync(Name("fraud"), new DeploymentSpec("fraud:1", BatchingSettings.Default), null, new Actor("alice"), Ct));

        Assert.Equal(["probabilities", "label"], listed.Outputs);
        Assert.Equal(["probabilities", "label"], stored.Outputs);
        Assert.Null(all.Outputs);
        Assert.Null(Ok(await Store.GetDeploymentAsync(Name("fraud"), Ct)).Outputs);
    }

    [Fact]
    public async Task SetDeployment_ReplacesTheTargetRaisesTheRevisionAndResetsTheStatus()
    {
        await PushAsync("fraud", 2);
        Ok(await Store.SetAliasAsync(Name("fraud"), Alias("champion"), 2, new Actor("alice"), Ct));
        await DeployAsync("fraud:1");
        Ok(await Store.ReportDeploymentStatusAsync(Name("fraud"), 1, Ready(1), Ct));
        Time.Advance(TimeSpan.FromMinutes(5));

        var replaced = Ok(await Store.SetDeploymentAsync(Name("fraud"), new DeploymentSpec("fraud@champion", new BatchingSettings(8)), null, new Actor("bob"), Ct));

        var now = Start.AddMinutes(5);
        Assert.Equal(
            new Deployment("fraud", "fraud@champion", new BatchingSettings(8), 2, now, "bob", new DeploymentStatus(DeploymentState.Pending, null, null, null, now)),
            replaced);
        Assert.Equal(replaced, Ok(await Store.GetDeploymentAsync(Name("fraud"), Ct)));
        Assert.Equal(3, (await DeployAsync("fraud")).Revision);
        Assert.Equal("fraud", Ok(await Store.GetDeploymentAsync(Name("fraud"), Ct)).Target);
    }

    [Fact]
    public async Task SetDeployment_OfAMissingModelFailsWithNotFound()
    {
        Assert.Equal(
            Error.NotFound("Model 'ghost' does not exist."),
            Failed(await Store.SetDeploymentAsync(Name("ghost"), new DeploymentSpec("ghost:1", BatchingSettings.Default), null, new Actor("alice"), Ct)));
        Assert.Empty(await Store.ListDeploymentsAsync(Ct));
    }

    [Fact]
    public async Task SetDeployment_ThrowsForATargetThatNamesAnotherModel()
    {
        await PushAsync("fraud");
        await PushAsync("churn");

        await Assert.ThrowsAsync<ArgumentException>(
            () => Store.SetDeploymentAsync(Name("fraud"), new DeploymentSpec("churn:1", BatchingSettings.Default), null, new Actor("alice"), Ct));
        Assert.Empty(await Store.ListDeploymentsAsync(Ct));
    }

    [Fact]
    public async Task SetDeployment_GivesConcurrentCallsDistinctConsecutiveRevisions()
    {
        await PushAsync("fraud");

        var deployed = await DeployConcurrentlyAsync(Store, 32);

        Assert.Equal(Enumerable.Range(1, 32).Select(r => (long)r), deployed.Select(d => d.Revision).Order());
        Assert.Equal(32, Ok(await Store.GetDeploymentAsync(Name("fraud"), Ct)).Revision);
    }

    [Fact]
    public async Task SetDeployment_AfterRemovalContinuesTheRevisionSoAnEarlierReportStaysStale()
    {
        await PushAsync("fraud");
        await DeployAsync("fraud:1");
        Ok(await Store.RemoveDeploymentAsync(Name("fraud"), Alice, Ct));

        var redeployed = await DeployAsync("fraud:1");

        Assert.Equal(3, redeployed.Revision);
        Assert.Equal(ErrorCode.Conflict, Failed(await Store.ReportDeploymentStatusAsync(Name("fraud"), 1, Ready(1), Ct)).Code);
        Assert.Equal(DeploymentState.Pending, Ok(await Store.GetDeploymentAsync(Name("fraud"), Ct)).Status.State);
    }

    [Fact]
    public async Task GetDeployment_NamesWhatIsMissing()
    {
        await PushAsync("fraud");

        Assert.Equal(Error.NotFound("Model 'fraud' is not deployed."), Failed(await Store.GetDeploymentAsync(Name("fraud"), Ct)));
        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), Failed(await Store.GetDeploymentAsync(Name("ghost"), Ct)));
    }

    [Fact]
    public async Task ListDeployments_ListsEveryDeploymentByModelName()
    {
        foreach (var name in new[] { "fraud", "churn", "Zeta", "alpha" })
            await PushAsync(name);
        Assert.Empty(await Store.ListDeploymentsAsync(Ct));

        foreach (var name in new[] { "fraud", "Zeta", "churn" })
            await DeployAsync(name);

        Assert.Equal(["Zeta", "churn", "fraud"], (await Store.ListDeploymentsAsync(Ct)).Select(d => d.Model));
        Assert.Equal(Ok(await Store.GetDeploymentAsync(Name("churn"), Ct)), (await Store.ListDeploymentsAsync(Ct))[1]);
    }

    [Fact]
    public async Task RemoveDeployment_ReturnsItAsItWasAndForgetsIt()
    {
        await PushAsync("fraud");
        await DeployAsync("fraud:1");
        var reported = Ok(await Store.ReportDeploymentStatusAsync(Name("fraud"), 1, Ready(1), Ct));

        var removed = Ok(await Store.RemoveDeploymentAsync(Name("fraud"), Alice, Ct));

        Assert.Equal(reported, removed);
        Assert.Equal(Error.NotFound("Model 'fraud' is not deployed."), Failed(await Store.GetDeploymentAsync(Name("fraud"), Ct)));
        Assert.Empty(await Store.ListDeploymentsAsync(Ct));
        Assert.Equal(Error.NotFound("Model 'fraud' is not deployed."), Failed(await Store.RemoveDeploymentAsync(Name("fraud"), Alice, Ct)));
        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), Failed(await Store.RemoveDeploymentAsync(Name("ghost"), Alice, Ct)));
    }

    [Fact]
    public async Task ReportDeploymentStatus_RecordsTheStatusForTheCurrentRevision()
    {
        await PushAsync("fraud", 2);
        var deployed = await DeployAsync("fraud");
        Time.Advance(TimeSpan.FromMinutes(1));
        var reportedAt = new DateTimeOffset(2025, 3, 14, 17, 10, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var status = new DeploymentStatus(DeploymentState.Failed, 1, 2, "fraud:2 failed to load: out of memory", reportedAt);

        var reported = Ok(await Store.ReportDeploymentStatusAsync(Name("fraud"), 1, status, Ct));

        var stored = status with { ReportedAt = new DateTimeOffset(2025, 3, 14, 15, 10, 0, TimeSpan.Zero).AddTicks(1_234_560) };
        Assert.Equal(deployed with { Status = stored }, reported);
        Assert.Equal(TimeSpan.Zero, reported.Status.ReportedAt.Offset);
        var reread = Ok(await Store.GetDeploymentAsync(Name("fraud"), Ct));
        Assert.Equal(reported, reread);
        Assert.Equal(TimeSpan.Zero, reread.Status.ReportedAt.Offset);
        Assert.Equal(reported, Ok(await Store.ReportDeploymentStatusAsync(Name("fraud"), 1, status, Ct)));
    }

    [Fact]
    public async Task ReportDeploymentStatus_ForAnotherRevisionFailsWithConflictAndWritesNothing()
    {
        await PushAsync("fraud", 2);
        await DeployAsync("fraud:1");
        var current = await DeployAsync("fraud:2");

        Assert.Equal(
            Error.Conflict("The deployment of 'fraud' is at revision 2, not 1; the status report is stale and was not recorded."),
            Failed(await Store.ReportDeploymentStatusAsync(Name("fraud"), 1, Ready(1), Ct)));
        Assert.Equal(ErrorCode.Conflict, Failed(await Store.ReportDeploymentStatusAsync(Name("fraud"), 3, Ready(2), Ct)).Code);
        Assert.Equal(current, Ok(await Store.GetDeploymentAsync(Name("fraud"), Ct)));
    }

    [Fact]
    public async Task ReportDeploymentStatus_OnARemovedDeploymentFailsWithNotFound()
    {
        await PushAsync("fraud");
        await DeployAsync("fraud:1");
        Ok(await Store.RemoveDeploymentAsync(Name("fraud"), Alice, Ct));

        Assert.Equal(Error.NotFound("Model 'fraud' is not deployed."), Failed(await Store.ReportDeploymentStatusAsync(Name("fraud"), 1, Ready(1), Ct)));
        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), Failed(await Store.ReportDeploymentStatusAsync(Name("ghost"), 1, Ready(1), Ct)));
        Assert.Empty(await Store.ListDeploymentsAsync(Ct));
    }

    [Fact]
    public async Task DeleteVersion_IsRefusedWhileADeploymentPinsItThenAllowedAfterUndeploy()
    {
        await PushAsync("fraud", 2);
        await DeployAsync("fraud:1");

        await AssertDeleteRefusedUntilUndeployedAsync(
            blocked: 1, free: 2,
            "Version fraud:1 cannot be deleted while the deployment of 'fraud' targets it; deploy another target or undeploy first.");
    }

    [Fact]
    public async Task DeleteVersion_IsRefusedWhileADeploymentServesItThenAllowedAfterUndeploy()
    {
        await PushAsync("fraud", 3);
        await DeployAsync("fraud");
        Ok(await Store.ReportDeploymentStatusAsync(
            Name("fraud"), 1, new DeploymentStatus(DeploymentState.Loading, 2, 3, "warming up", Start), Ct));

        await AssertDeleteRefusedUntilUndeployedAsync(
            blocked: 2, free: 1,
            "Version fraud:2 cannot be deleted while the deployment of 'fraud' serves it; wait until another version serves, or undeploy first.");
    }

    [Fact]
    public async Task DeleteVersion_IsAllowedForAVersionTheDeploymentNeitherPinsNorServes()
    {
        await PushAsync("fraud", 10);
        await DeployAsync("fraud:10");
        Ok(await Store.ReportDeploymentStatusAsync(Name("fraud"), 1, Ready(10), Ct));

        Ok(await Store.DeleteVersionAsync(Name("fraud"), 1, Alice, Ct));
    }

    protected static async Task<IReadOnlyList<ModelVersionInfo>> PushConcurrentlyAsync(IRegistryStore store, IEnumerable<string> models) =>
        await Task.WhenAll(models.Select(model => Task.Run(async () => Ok(await store.AddVersionAsync(Version(model), Ct)))));

    protected static async Task<IReadOnlyList<Deployment>> DeployConcurrentlyAsync(IRegistryStore store, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
            Ok(await store.SetDeploymentAsync(Name("fraud"), new DeploymentSpec("fraud", BatchingSettings.Default), null, new Actor("alice"), Ct)))));

    protected async Task<Deployment> DeployAsync(string target) =>
        Ok(await Store.SetDeploymentAsync(Reference(target).Name, new DeploymentSpec(target, BatchingSettings.Default), null, new Actor("alice"), Ct));

    protected DeploymentStatus Ready(int version) => new(DeploymentState.Ready, version, version, null, Time.GetUtcNow());

    protected async Task PushAsync(string model, int count = 1)
    {
        for (var i = 0; i < count; i++)
            Ok(await Store.AddVersionAsync(Version(model), Ct));
    }

    protected static NewModelVersion Version(string model) => new(
        Name(model), ModelFormat.Onnx, 1234, Sha256(model), Signature,
        new Dictionary<string, double>(), new Dictionary<string, string>(), new Dictionary<string, string>(),
        Description: null, ModelCard: null, Lineage.None, Parent: null, PushedBy: Alice, Alias: null);

    protected static ModelName Name(string name) => ModelName.Parse(name).Value;

    protected static AliasName Alias(string alias) => AliasName.Parse(alias).Value;

    protected static ModelReference Reference(string reference) => ModelReference.Parse(reference).Value;

    protected static string Sha256(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    protected static T Ok<T>(Result<T> result)
    {
        Assert.True(result.IsSuccess, $"Expected success, got {result}.");
        return result.Value;
    }

    protected static Error Failed<T>(Result<T> result)
    {
        Assert.False(result.IsSuccess, $"Expected a failure, got {result}.");
        return result.Error;
    }

    private async Task<string[]> ListNamesAsync(ModelQuery query) =>
        Ok(await Store.ListModelsAsync(query, Ct)).Items.Select(m => m.Name).ToArray();

    /// <summary>Deleting <paramref name="blocked"/> of 'fraud' fails with <paramref name="message"/>, deleting <paramref name="free"/> works, and after undeploying so does <paramref name="blocked"/>.</summary>
    private async Task AssertDeleteRefusedUntilUndeployedAsync(int blocked, int free, string message)
    {
        Assert.Equal(Error.Conflict(message), Failed(await Store.DeleteVersionAsync(Name("fraud"), blocked, Alice, Ct)));
        Assert.Equal($"fraud:{blocked}", Ok(await Store.ResolveAsync(Reference($"fraud:{blocked}"), Ct)).Reference);
        Ok(await Store.DeleteVersionAsync(Name("fraud"), free, Alice, Ct));

        Ok(await Store.RemoveDeploymentAsync(Name("fraud"), Alice, Ct));
        Assert.Equal($"fraud:{blocked}", Ok(await Store.DeleteVersionAsync(Name("fraud"), blocked, Alice, Ct)).Reference);
    }
}
