using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Capstan.Core.Registry;
using Capstan.Runtime.Inspection;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Hosting;

public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task KillDuringConcurrentPushes_KeepsEveryAcknowledgedVersionAndListsNoPartialOne()
    {
        using var data = new TempDirectory();
        var acknowledged = new ConcurrentDictionary<int, string>();
        var files = new[] { TestModels.BreastCancerOnnx, TestModels.BreastCancerMlNet };
        await using (var server = await ServerProcess.StartAsync(data.Path))
        {
            using var enough = new CancellationTokenSource();
            var pushers = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            {
                while (!enough.IsCancellationRequested)
                {
                    try
                    {
                        using var response = await server.Http.PostAsync("/api/v1/models/crash/versions", Http.PushBody(files[i % 2]));
                        if (response.StatusCode != HttpStatusCode.Created)
                            return;
                        var version = await response.ReadOkAsync<ModelVersionInfo>();
                        acknowledged[version.Version] = version.Sha256;
                        if (acknowledged.Count >= 40)
                            enough.Cancel();
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }
                }
            })).ToList();
            await Task.Run(async () => { while (acknowledged.Count < 30) await Task.Delay(5); });
            await server.KillAsync();
            await Task.WhenAll(pushers);
        }

        var deadStaging = Directory.GetFileSystemEntries(data.Combine("artifacts", "staging"));
        Assert.NotEmpty(deadStaging);
        await using var restarted = await ServerProcess.StartAsync(data.Path);

        var listed = await restarted.Http.GetOkAsync<Page<ModelVersionInfo>>("/api/v1/models/crash/versions?pageSize=1000");
        var numbers = listed.Items.Select(v => v.Version).Order().ToList();
        Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
        Assert.Superset(acknowledged.Keys.ToHashSet(), numbers.ToHashSet());
        var inspector = new ModelInspector(new InspectionOptions());
        foreach (var version in listed.Items)
        {
            var path = data.Combine($"download-{version.Version}");
            await File.WriteAllBytesAsync(path, await restarted.Http.GetByteArrayAsync($"/api/v1/versions/crash:{version.Version}/artifact"));
            Assert.Equal(version.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))));
            Assert.True((await inspector.InspectAsync(path, CancellationToken.None)).IsSuccess, $"crash:{version.Version} does not load");
            if (acknowledged.TryGetValue(version.Version, out var sha))
                Assert.Equal(sha, version.Sha256);
        }
        Assert.DoesNotContain(deadStaging, Path.Exists);
        var stored = data.Files(Path.Combine("artifacts", "sha256")).Select(f => Path.GetFileName(f)).ToHashSet();
        Assert.Equal(listed.Items.Select(v => v.Sha256).ToHashSet(), stored);
    }
}
