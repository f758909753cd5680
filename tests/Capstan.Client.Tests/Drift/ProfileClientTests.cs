using Capstan.Client.Tests.Support;
using Capstan.Core.Errors;
using Capstan.Testing.Files;
using Capstan.Testing.Models;

namespace Capstan.Client.Tests.Drift;

public sealed class ProfileClientTests : LiveServerTests
{
    [Fact]
    public async Task SetProfile_ResolvesAnAliasSendsTheFileByItsFormat_AndGetProfileReadsItBack()
    {
        using var files = new TempDirectory();
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        await Client.SetAliasAsync("bc", "champion", 1, Cancellation);
        var parquet = await ReferenceData.WriteParquetAsync(Path.Combine(files.Path, "train.data"), ReferenceData.BreastCancerRows);

        var stored = (await Client.SetProfileAsync("bc@champion", parquet, cancellationToken: Cancellation)).Value;
        var read = (await Client.GetProfileAsync("bc:1", Cancellation)).Value;
        var missing = (await Client.GetProfileAsync("bc:2", Cancellation)).Error;

        Assert.Equal(("bc:1", 569L), (stored.Reference, stored.Rows));
        Assert.Equivalent(stored, read, strict: true);
        Assert.Equal(Error.NotFound("Model 'bc' has no version 2."), missing);
    }
}
