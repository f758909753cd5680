using Capstan.Cli.Application;
using Capstan.Cli.Tests.Support;
using Capstan.Core.Security;
using Capstan.Registry.Stores;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;
using Microsoft.Data.Sqlite;

namespace Capstan.Cli.Tests.Audit;

public sealed class AuditCommandTests : LiveServerCommandTests
{
    [Fact]
    public async Task Audit_ListsChangesAsATableAndFiltersByModel()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx, "--alias", "champion");
        await SucceedAsync("push", "other", TestModels.BreastCancerOnnx);

        var output = (await SucceedAsync("audit", "--model", "bc", "--since", "1h")).Output;
        var entries = await JsonAsync<AuditEntry[]>("audit", "--limit", "1");

        Assert.Contains("version.push", output);
        Assert.Contains("bc:1", output);
        Assert.DoesNotContain("other:1", output);
        Assert.Equal(["other:1"], entries.Select(e => e.Target));
    }

    [Fact]
    public async Task Audit_RefusesABadSinceBeforeAnyRequest()
    {
        var run = await RunAsync("audit", "--since", "last week");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--since 'last week' is neither a duration", run.Errors);
    }

    [Fact]
    public async Task AuditExport_WritesJsonLinesToAFile()
    {
        await SucceedAsync("push", "bc", TestModels.BreastCancerOnnx);
        var file = Path.Combine(Files.Path, "audit.jsonl");

        await SucceedAsync("audit", "export", "-o", file);

        var lines = File.ReadAllLines(file);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"action\":\"key.create\"", lines[0]);
        Assert.Contains("\"action\":\"version.push\"", lines[1]);
    }

    [Fact]
    public async Task AuditVerify_ExitsZeroWhenIntactAndNonZeroNamingTheProblemAfterTampering()
    {
        var data = Path.Combine(Files.Path, "data");
        await using (var first = await RunningServer.StartAsync(dataDirectory: data))
        {
            var server = first.BaseAddress.ToString();
            var push = await CliRun.RunAsync("push", "bc", TestModels.BreastCancerOnnx, "--server", server, "--api-key", first.AdminKey!);
            Assert.True(push.ExitCode == 0, push.Errors);
            var alias = await CliRun.RunAsync("alias", "set", "bc:1", "champion", "--server", server, "--api-key", first.AdminKey!);
            Assert.True(alias.ExitCode == 0, alias.Errors);
            Assert.Contains("intact: 3 entries", (await CliRun.RunAsync("audit", "verify", "--server", server, "--api-key", first.AdminKey!)).Output);
        }
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, RegistryStores.SqliteFileName)};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE audit_log SET target = 'bc@nobody' WHERE sequence = 2";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        await using var restarted = await RunningServer.StartAsync(dataDirectory: data);

        var run = await CliRun.RunAsync("audit", "verify", "--server", restarted.BaseAddress.ToString(), "--api-key", restarted.AdminKey!);

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Contains("entry-edited at entry 2", run.Errors);
    }
}
