using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Registry.Stores;

namespace Capstan.Registry.Tests.Stores;

/// <summary>The contract for reference profiles: one per version, replaced whole, audited by digest, gone with its version.</summary>
public abstract partial class RegistryStoreContract
{
    private const string FirstProfile = """{"rows":3,"features":[{"name":"x"}]}""";
    private const string SecondProfile = """{"rows":5,"features":[{"name":"x"},{"name":"y"}]}""";

    [Fact]
    public async Task SetProfile_StoresTheTextAndReplacesItWholeOnTheNextSet()
    {
        await PushAsync("fraud", 2);

        var first = Ok(await Store.SetProfileAsync(Name("fraud"), 2, FirstProfile, Alice, Ct));
        Time.Advance(TimeSpan.FromMinutes(1));
        var second = Ok(await Store.SetProfileAsync(Name("fraud"), 2, SecondProfile, Alice, Ct));
        var loaded = Ok(await Store.GetProfileAsync(Name("fraud"), 2, Ct));

        Assert.Equal(("fraud", 2, FirstProfile, Start, "alice"), (first.Model, first.Version, first.Profile, first.UpdatedAt, first.UpdatedBy));
        Assert.Equal((SecondProfile, Start.AddMinutes(1), "alice"), (loaded.Profile, loaded.UpdatedAt, loaded.UpdatedBy));
        Assert.Equal(second, loaded);
        Assert.Equal([2], Ok(await Store.ListProfiledVersionsAsync(Name("fraud"), Ct)));
    }

    [Fact]
    public async Task SetProfile_IsAuditedAsProfileSetWithTheDigestsNotTheText()
    {
        await PushAsync("fraud");
        var first = Ok(await Store.SetProfileAsync(Name("fraud"), 1, FirstProfile, Alice, Ct));

        var second = Ok(await Store.SetProfileAsync(Name("fraud"), 1, SecondProfile, Alice, Ct));

        var entry = Ok(await Store.ListAuditAsync(new AuditQuery(Name("fraud"), null, 1, null), Ct)).Items[0];
        Assert.Equal(("profile.set", "fraud:1", "fraud", "alice"), (entry.Action, entry.Target, entry.Model, entry.Actor.Name));
        using var before = JsonDocument.Parse(entry.Before!);
        using var after = JsonDocument.Parse(entry.After!);
        Assert.Equal(first.Sha256, before.RootElement.GetProperty("sha256").GetString());
        Assert.Equal(second.Sha256, after.RootElement.GetProperty("sha256").GetString());
        Assert.Equal(SecondProfile.Length, after.RootElement.GetProperty("sizeBytes").GetInt64());
        Assert.DoesNotContain("features", entry.Before + entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profiles_OfAMissingModelOrVersionAreNotFoundAndNothingIsStored()
    {
        await PushAsync("fraud");

        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), Failed(await Store.SetProfileAsync(Name("ghost"), 1, FirstProfile, Alice, Ct)));
        Assert.Equal(Error.NotFound("Model 'fraud' has no version 7."), Failed(await Store.SetProfileAsync(Name("fraud"), 7, FirstProfile, Alice, Ct)));
        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), Failed(await Store.GetProfileAsync(Name("ghost"), 1, Ct)));
        Assert.Equal(Error.NotFound("Model 'fraud' has no version 7."), Failed(await Store.GetProfileAsync(Name("fraud"), 7, Ct)));
        Assert.Equal(
            Error.NotFound("Version fraud:1 has no reference profile; upload one with 'capstan profile fraud:1 --data FILE'."),
            Failed(await Store.GetProfileAsync(Name("fraud"), 1, Ct)));
        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), Failed(await Store.ListProfiledVersionsAsync(Name("ghost"), Ct)));
        Assert.Empty(Ok(await Store.ListProfiledVersionsAsync(Name("fraud"), Ct)));
        Assert.Equal("version.push", Ok(await Store.ListAuditAsync(new AuditQuery(null, null, 1, null), Ct)).Items[0].Action);
    }

    [Fact]
    public async Task DeleteVersion_TakesItsProfileWithIt()
    {
        await PushAsync("fraud", 3);
        Ok(await Store.SetProfileAsync(Name("fraud"), 1, FirstProfile, Alice, Ct));
        Ok(await Store.SetProfileAsync(Name("fraud"), 3, SecondProfile, Alice, Ct));

        Ok(await Store.DeleteVersionAsync(Name("fraud"), 3, Alice, Ct));

        Assert.Equal([1], Ok(await Store.ListProfiledVersionsAsync(Name("fraud"), Ct)));
        Assert.Equal(Error.NotFound("Model 'fraud' has no version 3."), Failed(await Store.GetProfileAsync(Name("fraud"), 3, Ct)));
        Assert.Equal(FirstProfile, Ok(await Store.GetProfileAsync(Name("fraud"), 1, Ct)).Profile);
    }

    [Fact]
    public async Task SetProfile_KeepsALargeProfileIntact()
    {
        await PushAsync("fraud");
        var large = JsonSerializer.Serialize(new { sample = Enumerable.Range(0, 200_000).Select(i => i * 0.5).ToArray() });

        Ok(await Store.SetProfileAsync(Name("fraud"), 1, large, Alice, Ct));

        Assert.Equal(large, Ok(await Store.GetProfileAsync(Name("fraud"), 1, Ct)).Profile);
    }
}
