using System.Net;
using Capstan.Testing.Files;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Security;

public sealed class FirstStartTests
{
    [Fact]
    public async Task FirstStart_StoresAnAdminKeyInACredentialsFileOnlyItsOwnerCanReadAndNeverLogsIt()
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path);

        var key = server.AdminKey;

        Assert.NotNull(key);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.CredentialsPath));
        Assert.Contains(server.CredentialsPath, server.Output);
        Assert.DoesNotContain(key, server.Output);
        Assert.All(Directory.GetFiles(data.Path).Where(f => f != server.CredentialsPath && !f.EndsWith(".lock", StringComparison.Ordinal)), f => Assert.DoesNotContain(key[^20..], File.ReadAllText(f)));
        using var keys = await server.Http.GetAsync("/api/v1/keys", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
    }

    [Fact]
    public async Task LaterStarts_KeepTheKeysAndTheCredentialsFileAsTheyAre()
    {
        using var data = new TempDirectory();
        string written;
        await using (var first = await ServerProcess.StartAsync(data.Path))
        {
            written = File.ReadAllText(first.CredentialsPath);
            Assert.Equal(0, await first.InterruptAsync());
        }

        await using var second = await ServerProcess.StartAsync(data.Path);

        Assert.Equal(written, File.ReadAllText(second.CredentialsPath));
        Assert.DoesNotContain("First start", second.Output);
        using var keys = await second.Http.GetAsync("/api/v1/keys", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
    }

    [Fact]
    public async Task FirstStart_SetsAnUnreadableCredentialsFileAsideAndWritesAFreshOne()
    {
        using var data = new TempDirectory();
        var path = Path.Combine(data.Path, "credentials.json");
        File.WriteAllText(path, "{\"servers\": {\"http://other:1\": ");

        await using var server = await ServerProcess.StartAsync(data.Path);

        Assert.Equal(path, server.CredentialsPath);
        var setAside = Assert.Single(Directory.GetFiles(data.Path, "credentials.json.unreadable-*"));
        Assert.Equal("{\"servers\": {\"http://other:1\": ", File.ReadAllText(setAside));
        Assert.Contains("was not valid JSON", server.Output);
        using var keys = await server.Http.GetAsync("/api/v1/keys", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
    }

    [Fact]
    public async Task NoAuth_LetsAnonymousCallersInAndWarnsLoudly()
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path, "--no-auth");
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };

        using var models = await anonymous.GetAsync("/api/v1/models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        Assert.Contains("Authentication is OFF", server.Output);
        Assert.False(File.Exists(server.CredentialsPath));
    }
}
