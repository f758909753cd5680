using Capstan.Registry.Stores;

namespace Capstan.Registry.Tests.Stores;

public sealed class RegistryStoresTests
{
    [Fact]
    public async Task Open_WithoutAConnectionStringCreatesSqliteInTheDataDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"capstan-data-{Guid.NewGuid():N}", "nested");
        try
        {
            await using (await RegistryStores.OpenAsync("", directory, TimeProvider.System, TestContext.Current.CancellationToken))
                Assert.True(File.Exists(Path.Combine(directory, "capstan.db")));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    [Theory]
    [InlineData("Data Source=registry.db")]
    [InlineData("Server=db;Username=capstan")]
    [InlineData("Host")]
    public async Task Open_RefusesAConnectionStringWithoutAHost(string connectionString)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            RegistryStores.OpenAsync(connectionString, Path.GetTempPath(), TimeProvider.System, TestContext.Current.CancellationToken));

        Assert.Equal("connectionString", error.ParamName);
    }
}
