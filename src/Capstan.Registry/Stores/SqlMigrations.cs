using System.Globalization;
using System.Reflection;

namespace Capstan.Registry.Stores;

/// <summary>Brings a database's schema up to date from the numbered SQL files embedded under <c>Stores/Migrations/{dialect}</c>.</summary>
/// <remarks>
/// A file is named <c>NNNN_what.sql</c>; files run in number order, each at most once per database, all inside one
/// transaction that also records them in <c>schema_migrations</c>. Running it again finds nothing to do.
/// </remarks>
internal static class SqlMigrations
{
    /// <summary>Applies the migrations that <paramref name="dialect"/>'s database has not had yet.</summary>
    public static async Task ApplyAsync(SqlDialect dialect, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var session = await SqlSession.BeginAsync(dialect, write: true, cancellationToken);
        await dialect.LockMigrationsAsync(session, cancellationToken);
        await session.ExecuteAsync(dialect.CreateMigrationsTableSql, cancellationToken);
        var applied = (await session.QueryAsync("SELECT version FROM schema_migrations", r => r.GetInt32(0), cancellationToken)).ToHashSet();
        foreach (var (version, name, sql) in Load(dialect.Name).Where(m => !applied.Contains(m.Version)))
        {
            await session.ExecuteAsync(sql, cancellationToken);
            await session.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @now)", cancellationToken,
                ("version", version), ("name", name), ("now", StoreClock.Now(time)));
        }
        await session.CommitAsync(cancellationToken);
    }

    private static IEnumerable<(int Version, string Name, string Sql)> Load(string dialect)
    {
        var assembly = typeof(SqlMigrations).Assembly;
        var prefix = $"{assembly.GetName().Name}.Stores.Migrations.{dialect}.";
        return assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(prefix, StringComparison.Ordinal) && r.EndsWith(".sql", StringComparison.Ordinal))
            .Select(r => Read(assembly, r, r[prefix.Length..^".sql".Length]))
            .OrderBy(m => m.Version);
    }

    private static (int Version, string Name, string Sql) Read(Assembly assembly, string resource, string name)
    {
        var number = name.Split('_', 2)[0];
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return (int.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture), name, reader.ReadToEnd());
    }
}
