using Capstan.Server.Security;
using Capstan.Client.Tests.Support;
using Capstan.Core.Errors;
using Capstan.Testing.Models;

namespace Capstan.Client.Tests.Registry;

public sealed class AliasTests : LiveServerTests
{
    [Fact]
    public async Task Aliases_AreSetMovedListedAndRemovedWithTheirHistory()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);

        var set = (await Client.SetAliasAsync("bc", "champion", 1, Cancellation)).Value;
        var moved = (await Client.SetAliasAsync("bc", "champion", 2, Cancellation)).Value;
        var listed = (await Client.ListAliasesAsync("bc", Cancellation)).Value;
        var removed = (await Client.RemoveAliasAsync("bc", "champion", Cancellation)).Value;
        var history = (await Client.GetAliasHistoryAsync("bc", "champion", Cancellation)).Value;

        Assert.Equal((1, 2, FirstAdminKey.Name), (set.Version, moved.Version, moved.UpdatedBy));
        Assert.Equal([("champion", 2)], listed.Select(a => (a.Alias, a.Version)));
        Assert.Equal(2, removed.Version);
        Assert.Equal([(null, 1), (1, 2), (2, null)], history.Select(c => (c.PreviousVersion, c.Version)));
        Assert.All(history, change => Assert.Equal(FirstAdminKey.Name, change.ChangedBy));
        Assert.Empty((await Client.ListAliasesAsync("bc", Cancellation)).Value);
    }

    [Fact]
    public async Task SetAliasAsync_ToAMissingVersion_IsNotFound()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);

        Assert.Equal(ErrorCode.NotFound, (await Client.SetAliasAsync("bc", "champion", 5, Cancellation)).Error.Code);
    }

    [Fact]
    public async Task RemoveAliasAsync_OfAnAliasThatDoesNotExist_IsNotFound()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);

        Assert.Equal(ErrorCode.NotFound, (await Client.RemoveAliasAsync("bc", "champion", Cancellation)).Error.Code);
    }
}
