using System.Globalization;
using Capstan.Training;
using Capstan.Training.Data;
using Capstan.Training.Pipelines;
using Microsoft.Data.Sqlite;

namespace Capstan.Training.Tests.Support;

/// <summary>The Seattle weather data set the repository ships, and specs that train on it.</summary>
public static class Weather
{
    /// <summary>The shipped CSV: date, precipitation, temp_max, temp_min, wind, weather.</summary>
    public static string CsvPath { get; } = Path.Combine(RepositoryRoot(), "data", "seattle-weather.csv");

    /// <summary>A spec over the shipped CSV; <paramref name="extra"/> is appended as more top-level YAML (it may replace nothing).</summary>
    public static string Yaml(string task = "multiclass", string label = "weather", string candidates = DefaultCandidates, string source = "", string gate = "", string evaluation = "evaluation: {holdout: time, fraction: 0.2}", string extra = "") => $$"""
        name: seattle-weather
        model: seattle-weather
        {{(source.Length > 0 ? source : $"source: {{csv: '{CsvPath}'}}")}}
        columns:
          features:
            precipitation: numeric
            temp_max: numeric
            temp_min: numeric
            wind: numeric
          label: {{label}}
          time: date
        task: {{task}}
        candidates:
        {{candidates}}
        search: {trials: 2, seed: 7}
        {{evaluation}}
        {{gate}}
        {{extra}}
        """;

    /// <summary>One LightGBM candidate with a small range.</summary>
    public const string DefaultCandidates = """
          - trainer: lightgbm
            parameters:
              number_of_iterations: {min: 20, max: 60}
              learning_rate: {min: 0.05, max: 0.3, scale: log}
        """;

    /// <summary>Parses <paramref name="yaml"/>, failing the test on any problem.</summary>
    public static PipelineSpec Spec(string yaml) => Succeeded(PipelineSpecReader.Parse(yaml, "test.yaml"));

    /// <summary>A runner with the default limits that resolves relative paths against <paramref name="baseDirectory"/> (the temp folder when null).</summary>
    public static PipelineRunner Runner(string? baseDirectory = null) =>
        new(new FileAndSqlDataSource(baseDirectory ?? Path.GetTempPath(), new TrainingOptions()), new TrainingOptions());

    /// <summary>A SQLite source over the <c>weather</c> table of <paramref name="database"/>, as a spec's YAML line, for the rows <paramref name="where"/> selects.</summary>
    public static string SqliteSource(string database, string where) =>
        $"source: {{sql: {{provider: sqlite, connection: 'Data Source={database}', query: \"SELECT * FROM weather WHERE {where}\"}}}}";

    /// <summary>The value of <paramref name="result"/>, failing the test with the error's message when there is none.</summary>
    public static T Succeeded<T>(Capstan.Core.Errors.Result<T> result)
    {
        Assert.True(result.IsSuccess, result.IsSuccess ? "" : result.Error.Message);
        return result.Value;
    }

    /// <summary>Reads the source of <paramref name="spec"/> with the default limits, failing the test on any error.</summary>
    public static TrainingTable Load(PipelineSpec spec) =>
        Succeeded(new FileAndSqlDataSource(Path.GetTempPath(), new TrainingOptions()).LoadAsync(spec, CancellationToken.None).GetAwaiter().GetResult());

    /// <summary>Copies the shipped CSV into a table <c>weather</c> of a new SQLite file at <paramref name="path"/>, dates as ISO text.</summary>
    public static void WriteSqlite(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE weather (date TEXT, precipitation REAL, temp_max REAL, temp_min REAL, wind REAL, weather TEXT)";
            create.ExecuteNonQuery();
        }
        foreach (var row in Rows())
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO weather VALUES ($d, $p, $tx, $tn, $w, $l)";
            insert.Parameters.AddWithValue("$d", row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$p", row.Precipitation);
            insert.Parameters.AddWithValue("$tx", row.TempMax);
            insert.Parameters.AddWithValue("$tn", row.TempMin);
            insert.Parameters.AddWithValue("$w", row.Wind);
            insert.Parameters.AddWithValue("$l", row.Weather);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>The shipped rows, parsed.</summary>
    public static IReadOnlyList<(DateTime Date, double Precipitation, double TempMax, double TempMin, double Wind, string Weather)> Rows() =>
        [.. File.ReadLines(CsvPath).Skip(1).Select(line => line.Split(',')).Select(f => (
            DateTime.Parse(f[0], CultureInfo.InvariantCulture), Parse(f[1]), Parse(f[2]), Parse(f[3]), Parse(f[4]), f[5]))];

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Capstan.slnx")))
            root = root.Parent!;
        return root.FullName;
    }
}
