using System.Data.Common;

namespace Capstan.Registry.Stores;

/// <summary>One connection and the one transaction every statement on it runs in; disposing without committing rolls back.</summary>
/// <remarks>Statements take named parameters written <c>@name</c> in the SQL and given without the <c>@</c>; null is sent as SQL NULL.</remarks>
internal sealed class SqlSession : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;

    private SqlSession(DbConnection connection, DbTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Opens a connection from <paramref name="dialect"/> and begins a write or a read transaction on it.</summary>
    public static async Task<SqlSession> BeginAsync(SqlDialect dialect, bool write, CancellationToken cancellationToken)
    {
        var connection = await dialect.OpenConnectionAsync(cancellationToken);
        try
        {
            return new SqlSession(connection, await dialect.BeginTransactionAsync(connection, write, cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a statement and returns how many rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs a query and maps every row.</summary>
    public async Task<List<T>> QueryAsync<T>(
        string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(map(reader));
        return rows;
    }

    /// <summary>Runs a query and maps its first row, or returns the default when there is none.</summary>
    public async Task<T?> FirstOrDefaultAsync<T>(
        string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? map(reader) : default;
    }

    /// <summary>Commits the transaction.</summary>
    public Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
