using Capstan.Core.Errors;
using Capstan.Testing.Files;
using Capstan.Testing.Postgres;
using Capstan.Training.Data;
using Capstan.Training.Pipelines;
using Capstan.Training.Tests.Support;
using Npgsql;
using Parquet;
using Parquet.Schema;

namespace Capstan.Training.Tests.Data;

public sealed class DataSourceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Csv_ReadsTheDeclaredColumnsWithTheirTypes()
    {
        var table = Weather.Load(Weather.Spec(Weather.Yaml()));

        Assert.Equal(1461, table.RowCount);
        Assert.Equal(["date", "precipitation", "temp_max", "temp_min", "wind", "weather"], table.SourceColumns);
        Assert.Equal([0f, 10.9f, 0.8f], table.Features[0].Numbers![..3]);
        Assert.Equal(12.8f, table.Features[1].Numbers![0]);
        Assert.Equal(["drizzle", "rain", "rain"], table.ClassLabels![..3]);
        Assert.Equal(new DateTime(2012, 1, 1, 0, 0, 0, DateTimeKind.Utc), table.Times![0]);
        Assert.Equal(DateTimeKind.Utc, table.Times[0].Kind);
        Assert.Null(table.BinaryLabels);
    }

    [Fact]
    public async Task Sqlite_Parquet_AndCsv_GiveTheSameRowsAndFingerprint()
    {
        var csv = Weather.Load(Weather.Spec(Weather.Yaml()));
        Weather.WriteSqlite(_directory.Combine("w.db"));
        await WriteParquetAsync(_directory.Combine("w.parquet"));

        var sqlite = Weather.Load(Weather.Spec(Weather.Yaml(source: $"source: {{sql: {{provider: sqlite, connection: 'Data Source={_directory.Combine("w.db")}', query: SELECT * FROM weather ORDER BY date}}}}")));
        var parquet = Weather.Load(Weather.Spec(Weather.Yaml(source: $"source: {{parquet: '{_directory.Combine("w.parquet")}'}}")));

        Assert.Matches("^sha256:[0-9a-f]{64}$", csv.Fingerprint);
        Assert.Equal(csv.Fingerprint, sqlite.Fingerprint);
        Assert.Equal(csv.Fingerprint, parquet.Fingerprint);
        Assert.Equal(csv.Times, parquet.Times);
    }

    [Fact]
    public async Task Postgres_GivesTheSameRowsAndFingerprintAsTheCsv()
    {
        Assert.SkipUnless(TestDatabase.IsConfigured, TestDatabase.SkipReason);
        await using var database = await TestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using (var create = new NpgsqlCommand("CREATE TABLE weather (date date, precipitation double precision, temp_max double precision, temp_min double precision, wind double precision, weather text)", connection))
                await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            await using var import = await connection.BeginBinaryImportAsync("COPY weather FROM STDIN (FORMAT BINARY)", TestContext.Current.CancellationToken);
            foreach (var row in Weather.Rows())
            {
                await import.StartRowAsync(TestContext.Current.CancellationToken);
                await import.WriteAsync(DateOnly.FromDateTime(row.Date), NpgsqlTypes.NpgsqlDbType.Date, TestContext.Current.CancellationToken);
                foreach (var value in new[] { row.Precipitation, row.TempMax, row.TempMin, row.Wind })
                    await import.WriteAsync(value, NpgsqlTypes.NpgsqlDbType.Double, TestContext.Current.CancellationToken);
                await import.WriteAsync(row.Weather, NpgsqlTypes.NpgsqlDbType.Text, TestContext.Current.CancellationToken);
            }
            await import.CompleteAsync(TestContext.Current.CancellationToken);
        }

        var postgres = Weather.Load(Weather.Spec(Weather.Yaml(source: $"source: {{sql: {{provider: postgres, connection: '{database.ConnectionString}', query: SELECT * FROM weather ORDER BY date}}}}")));

        Assert.Equal(Weather.Load(Weather.Spec(Weather.Yaml())).Fingerprint, postgres.Fingerprint);
    }

    [Fact]
    public void Fingerprint_ChangesWithOneValueAndIgnoresUndeclaredColumns()
    {
        var original = Load("a,b,label,extra\n1,x,yes,q\n2,y,no,r\n").Value.Fingerprint;

        Assert.Equal(original, Load("extra,label,b,a\nother,yes,x,1\nvalues,no,y,2\n").Value.Fingerprint);
        Assert.NotEqual(original, Load("a,b,label,extra\n1,x,yes,q\n3,y,no,r\n").Value.Fingerprint);
    }

    [Fact]
    public void Csv_ReadsQuotedFieldsMissingValuesAndBooleans()
    {
        var table = Load("\uFEFFa,b,label,extra\r\n\"1.5\",\"x, \"\"quoted\"\"\nline\",true,q\r\n,,0,r\n").Value;

        Assert.Equal(2, table.RowCount);
        Assert.Equal(1.5f, table.Features[0].Numbers![0]);
        Assert.True(float.IsNaN(table.Features[0].Numbers![1]));
        Assert.Equal(["x, \"quoted\"\nline", null], table.Features[1].Texts!);
        Assert.Equal([true, false], table.BinaryLabels!);
        Assert.Equal(1, table.Features[0].MissingCount);
    }

    [Theory]
    [InlineData("a,b,label\n1,x,yes\n2,y\n", "line 3: 2 fields, but the header has 3.")]
    [InlineData("a,b,label\n1,\"x,yes\n", "line 2: a quoted field is not closed before the end of the file.")]
    [InlineData("a,b,label\n1,\"x\"y,yes\n", "line 2: text follows the closing quote of a field.")]
    [InlineData("a,b,label\nten,x,yes\n", "line 2: 'a' is 'ten', which is not a number.")]
    [InlineData("a,b,label\n1e39,x,yes\n", "line 2: 'a' is '1e39', which is not a number.")]
    [InlineData("a,b,label\n1,x,maybe\n", "line 2: 'label' is 'maybe', which is not a boolean.")]
    [InlineData("a,b,label\n1,x,\n", "line 2: the label 'label' is missing.")]
    [InlineData("a,label\n1,yes\n", "the source has no column 'b'; it has 'a', 'label'.")]
    [InlineData("a,a,b,label\n1,1,x,yes\n", "the source has more than one column named 'a'.")]
    [InlineData("", "is empty; a CSV source starts with a header line.")]
    public void Csv_RefusesMalformedDataNamingTheLineAndColumn(string csv, string message)
    {
        var result = Load(csv);

        Assert.Equal(ErrorCode.InvalidInput, result.Error.Code);
        Assert.Contains(message, result.Error.Message);
    }

    [Fact]
    public void Csv_ListsTheFirstProblemsAndCountsTheRest()
    {
        var result = Load("a,b,label\n" + string.Concat(Enumerable.Range(0, 15).Select(i => $"x{i},b,yes\n")));

        Assert.Contains("The data cannot be read (15 problems):", result.Error.Message);
        Assert.Contains("line 11: 'a' is 'x9'", result.Error.Message);
        Assert.DoesNotContain("x10", result.Error.Message);
        Assert.EndsWith("... and 5 more.", result.Error.Message);
    }

    [Fact]
    public void Csv_RefusesMoreRowsThanTheLimitAndOverlongFields()
    {
        var tooMany = Load("a,b,label\n" + string.Concat(Enumerable.Repeat("1,x,yes\n", 11)), new TrainingOptions { MaxRows = 10 });
        var tooLong = Load("a,b,label\n1," + new string('x', 101) + ",yes\n", new TrainingOptions { MaxFieldLength = 100 });

        Assert.Equal(ErrorCode.TooLarge, tooMany.Error.Code);
        Assert.Contains("more than 10 rows", tooMany.Error.Message);
        Assert.Equal(ErrorCode.TooLarge, tooLong.Error.Code);
        Assert.Contains("line 2: a field is longer than 100 characters", tooLong.Error.Message);
    }

    [Fact]
    public async Task Sources_RefuseWhatTheyCannotRead()
    {
        var source = new FileAndSqlDataSource(_directory.Path, new TrainingOptions());
        File.WriteAllText(_directory.Combine("not.parquet"), "a,b\n1,2\n");
        async Task<Error> Fails(string yamlSource) => (await source.LoadAsync(Spec(yamlSource), TestContext.Current.CancellationToken)).Error;

        Assert.Equal(ErrorCode.NotFound, (await Fails("{csv: missing.csv}")).Code);
        Assert.Equal(ErrorCode.NotFound, (await Fails("{parquet: missing.parquet}")).Code);
        Assert.Contains("is not a Parquet file that can be read", (await Fails("{parquet: not.parquet}")).Message);
        Assert.Contains("The query fails", (await Fails($"{{sql: {{provider: sqlite, connection: 'Data Source={_directory.Combine("empty.db")}', query: SELECT * FROM nothing}}}}")).Message);
        var unreachable = await Fails($"{{sql: {{provider: sqlite, connection: 'Data Source={_directory.Combine("none", "x.db")};Mode=ReadOnly', query: SELECT 1}}}}");
        Assert.Equal(ErrorCode.NotReady, unreachable.Code);
        Assert.Contains("is not valid", (await Fails("{sql: {provider: postgres, connection: 'Bogus Key=1', query: SELECT 1}}")).Message);
        Assert.Contains("reads csv, parquet and sql sources, not inference_log", (await Fails("{inference_log: {window: 1d}}")).Message);
    }

    [Fact]
    public async Task Parquet_RefusesADeclaredColumnOfAnUnreadableType()
    {
        var path = _directory.Combine("bytes.parquet");
        var a = new DataField<byte[]>("a");
        var b = new DataField<string>("b");
        var label = new DataField<bool>("label");
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(a, b, label), stream, cancellationToken: TestContext.Current.CancellationToken))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync(a, new ArraySegment<byte[]>([[1]]));
            await group.WriteAsync(b, new ArraySegment<string>(["x"]));
            await group.WriteAsync<bool>(label, new[] { true }.AsMemory(), cancellationToken: TestContext.Current.CancellationToken);
        }

        var result = await new FileAndSqlDataSource(_directory.Path, new TrainingOptions()).LoadAsync(Spec("{parquet: bytes.parquet}"), TestContext.Current.CancellationToken);

        Assert.EndsWith("bytes.parquet: 'a' (binary) cannot be read; a training column holds numbers, booleans, text or dates.", result.Error.Message);
    }

    private Result<TrainingTable> Load(string csv, TrainingOptions? options = null)
    {
        File.WriteAllText(_directory.Combine("data.csv"), csv);
        return new FileAndSqlDataSource(_directory.Path, options ?? new TrainingOptions()).LoadAsync(Spec("{csv: data.csv}"), TestContext.Current.CancellationToken).GetAwaiter().GetResult();
    }

    private static PipelineSpec Spec(string source) => Weather.Spec($$"""
        name: t
        model: t
        source: {{source}}
        columns:
          features: {a: numeric, b: categorical}
          label: label
        task: binary
        candidates: [{trainer: fasttree}]
        """);

    private static async Task WriteParquetAsync(string path)
    {
        var rows = Weather.Rows();
        var date = new DataField<DateTime>("date");
        var numbers = new[] { "precipitation", "temp_max", "temp_min", "wind" }.Select(n => new DataField<double>(n)).ToArray();
        var weather = new DataField<string>("weather");
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema([date, .. numbers, weather]), stream);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<DateTime>(date, rows.Select(r => DateTime.SpecifyKind(r.Date, DateTimeKind.Utc)).ToArray().AsMemory());
        double[][] values = [[.. rows.Select(r => r.Precipitation)], [.. rows.Select(r => r.TempMax)], [.. rows.Select(r => r.TempMin)], [.. rows.Select(r => r.Wind)]];
        for (var i = 0; i < numbers.Length; i++)
            await group.WriteAsync<double>(numbers[i], values[i].AsMemory());
        await group.WriteAsync(weather, new ArraySegment<string>([.. rows.Select(r => r.Weather)]));
    }
}
