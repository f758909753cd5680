using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Capstan.Core.Monitoring;
using Capstan.Core.Security;
using Capstan.Core.Registry;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;

namespace Capstan.Server.Tests.Drift;

public sealed class ProfileApiTests(ProfileServer fixture) : IClassFixture<ProfileServer>
{
    private HttpClient Http => fixture.Server.Http;

    private static ByteArrayContent Body(byte[] bytes, string mediaType) => new(bytes) { Headers = { ContentType = MediaTypeHeaderValue.Parse(mediaType) } };

    private static ByteArrayContent Csv(string text) => Body(Encoding.UTF8.GetBytes(text), "text/csv");

    [Fact]
    public async Task PutCsv_ProfilesEachColumnAsTheVectorInputsValueInOrder_AndTheVersionsPredictions()
    {
        using var response = await Http.PutAsync("/api/v1/models/bc/versions/1/profile", Body(File.ReadAllBytes(fixture.BreastCancerCsv), "text/csv; charset=utf-8"));
        var profile = await response.ReadOkAsync<ReferenceProfile>();

        Assert.Equal(("bc", 1, 569L, 569L), (profile.Model, profile.Version, profile.Rows, profile.PredictionRows));
        Assert.Equal(ReferenceData.BreastCancerFeatures, profile.Features.Select(f => f.Profile.Name));
        Assert.Equal(Enumerable.Range(0, 30), profile.Features.Select(f => f.Index));
        Assert.All(profile.Features, f => Assert.Equal(("Features", FeatureKind.Numeric, 569L, 0.0), (f.Tensor, f.Profile.Kind, f.Profile.Count, f.Profile.MissingRate)));
        var radius = profile.Features[0].Profile;
        Assert.Equal(ReferenceData.BreastCancerRows.Select(r => (double)r[0]).Order(), radius.Sample);
        Assert.Equal(31, radius.HistogramEdges.Length);
        Assert.Equal(569, radius.HistogramCounts.Sum());
        var predictions = profile.Predictions.ToDictionary(p => p.Profile.Name);
        Assert.Contains("Probability.output", predictions.Keys);
        Assert.Equal(["0", "1"], predictions["PredictedLabel.output"].Profile.Categories!.Keys.Order());
        Assert.InRange(predictions["Probability.output"].Profile.Sample[^1], 0.5, 1.0);
        var stored = await Http.GetOkAsync<ReferenceProfile>("/api/v1/models/bc/versions/1/profile");
        Assert.Equivalent(profile, stored, strict: true);
        var audit = await Http.GetOkAsync<Page<AuditEntry>>("/api/v1/audit?model=bc&pageSize=1");
        Assert.Equal(("profile.set", "bc:1"), (audit.Items[0].Action, audit.Items[0].Target));
    }

    [Fact]
    public async Task PutParquet_GivesTheSameFeatureProfilesAsTheSameRowsInCsv()
    {
        var version = (await Http.PushAsync("bc-parquet", TestModels.BreastCancerOnnx)).Version;
        var parquet = await ReferenceData.WriteParquetAsync(Path.Combine(fixture.Files.Path, "breast-cancer.parquet"), ReferenceData.BreastCancerRows);

        var fromParquet = await (await Http.PutAsync($"/api/v1/models/bc-parquet/versions/{version}/profile", Body(File.ReadAllBytes(parquet), "application/vnd.apache.parquet")))
            .ReadOkAsync<ReferenceProfile>();
        var fromCsv = await (await Http.PutAsync($"/api/v1/models/bc-parquet/versions/{version}/profile", Csv(File.ReadAllText(fixture.BreastCancerCsv))))
            .ReadOkAsync<ReferenceProfile>();

        Assert.Equal(569, fromParquet.Rows);
        Assert.Equivalent(fromCsv.Features, fromParquet.Features, strict: true);
        Assert.Equivalent(fromCsv.Predictions, fromParquet.Predictions, strict: true);
    }

    [Fact]
    public async Task PutCsv_TakesEachScalarInputFromTheColumnOfItsName_AndCountsMissingValues()
    {
        var csv = "MeanArea,Ignored,MeanRadius,MeanTexture,MeanPerimeter\n1001,x,17.99,10.38,122.8\n1326,y,,17.77,132.9\nNA,z,19.69,21.25,130\n";

        var profile = await (await Http.PutAsync("/api/v1/models/scalar/versions/1/profile", Csv(csv))).ReadOkAsync<ReferenceProfile>();

        Assert.Equal(["MeanRadius", "MeanTexture", "MeanPerimeter", "MeanArea"], profile.Features.Select(f => f.Profile.Name));
        Assert.Equal(profile.Features.Select(f => f.Profile.Name), profile.Features.Select(f => f.Tensor));
        Assert.Equal((2L, 1.0 / 3), (profile.Features[0].Profile.Count, profile.Features[0].Profile.MissingRate));
        Assert.Equal([1001.0, 1326.0], profile.Features[3].Profile.Sample);
        Assert.Equal(1, profile.PredictionRows);
    }

    [Theory]
    [InlineData("json", 400, "InvalidInput", "Send the data file as text/csv (CSV with a header line) or application/vnd.apache.parquet (Parquet), not as 'application/json")]
    [InlineData("csv-as-parquet", 400, "InvalidInput", "The file is not Parquet: it does not start and end with 'PAR1'.")]
    [InlineData("parquet-as-csv", 400, "InvalidInput", "The file is not ")]
    [InlineData("missing-column", 400, "InvalidInput", "The file has no column for the input 'MeanArea'; name each column after the input it feeds")]
    [InlineData("too-few-columns", 400, "InvalidInput", "The input 'Features' takes 30 values per row, one per column in order, but the file has 29 columns")]
    [InlineData("not-a-number", 400, "InvalidInput", "Line 4, column 'mean radius': 'abc' is not a number, and the input 'Features' it feeds is FP32.")]
    [InlineData("not-whole", 400, "InvalidInput", "Line 2, column 'mean area': '1.5e40' is outside the range of FP32")]
    [InlineData("ragged", 400, "InvalidInput", "Line 3 of the file has 29 fields, but the header has 30.")]
    [InlineData("unclosed-quote", 400, "InvalidInput", "The quoted field that starts on line 2 of the file is never closed.")]
    [InlineData("empty", 400, "InvalidInput", "The file is empty.")]
    [InlineData("header-only", 400, "InvalidInput", "The file has a header but no rows.")]
    [InlineData("oversized", 413, "TooLarge", "The data file is larger than 1048576 bytes")]
    [InlineData("unknown-version", 404, "NotFound", "Model 'bc' has no version 9.")]
    [InlineData("unknown-model", 404, "NotFound", "Model 'ghost' does not exist.")]
    [InlineData("bad-version", 400, "InvalidInput", "The version 'first' is not a positive whole number")]
    public async Task PutProfile_RefusesABadFileWithAPreciseProblem_AndStoresNothing(string file, int status, string code, string detail)
    {
        var version = (await Http.PushAsync("bc-refused", TestModels.BreastCancerOnnx)).Version;
        var header = string.Join(',', ReferenceData.BreastCancerFeatures.Select(n => $"\"{n}\""));
        var rows = ReferenceData.BreastCancerRows.Take(5).Select(r => string.Join(',', r.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).ToList();
        var (path, body) = file switch
        {
            "json" => ($"bc-refused/versions/{version}", Body("{}"u8.ToArray(), "application/json")),
            "csv-as-parquet" => ($"bc-refused/versions/{version}", Body(File.ReadAllBytes(fixture.BreastCancerCsv), "application/vnd.apache.parquet")),
            "parquet-as-csv" => ($"bc-refused/versions/{version}",
                Body(File.ReadAllBytes(await ReferenceData.WriteParquetAsync(Path.Combine(fixture.Files.Path, $"{Guid.NewGuid():N}.parquet"), ReferenceData.BreastCancerRows)), "text/csv")),
            "missing-column" => ("scalar/versions/1", Csv("MeanRadius,MeanTexture,MeanPerimeter\n1,2,3\n")),
            "too-few-columns" => ($"bc-refused/versions/{version}", Csv(string.Join('\n', [header[..header.LastIndexOf(',')], .. rows.Select(r => r[..r.LastIndexOf(',')])]))),
            "not-a-number" => ($"bc-refused/versions/{version}", Csv(string.Join('\n', [header, rows[0], rows[1], "abc" + rows[2][rows[2].IndexOf(',')..]]))),
            "not-whole" => ($"bc-refused/versions/{version}", Csv(string.Join('\n', [header, string.Join(',', rows[0].Split(',').Select((v, i) => i == 3 ? "1.5e40" : v))]))),
            "ragged" => ($"bc-refused/versions/{version}", Csv(string.Join('\n', [header, rows[0], rows[1][..rows[1].LastIndexOf(',')]]))),
            "unclosed-quote" => ($"bc-refused/versions/{version}", Csv(header + "\n\"17.99," + rows[0])),
            "empty" => ($"bc-refused/versions/{version}", Csv("")),
            "header-only" => ($"bc-refused/versions/{version}", Csv(header + "\n")),
            "oversized" => ($"bc-refused/versions/{version}", Csv(header + "\n" + string.Concat(Enumerable.Repeat(rows[0] + "\n", 2 * (int)ProfileServer.MaxUploadBytes / rows[0].Length)))),
            "unknown-version" => ("bc/versions/9", Csv(header + "\n" + rows[0])),
            "unknown-model" => ("ghost/versions/1", Csv(header + "\n" + rows[0])),
            "bad-version" => ($"bc-refused/versions/first", Csv(header + "\n" + rows[0])),
            _ => throw new ArgumentOutOfRangeException(nameof(file)),
        };

        using var response = await Http.PutAsync($"/api/v1/models/{path}/profile", body);

        Assert.Contains(detail, await response.AssertProblemAsync((HttpStatusCode)status, code), StringComparison.Ordinal);
        using var stored = await Http.GetAsync($"/api/v1/models/bc-refused/versions/{version}/profile");
        Assert.Contains("has no reference profile", await stored.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound"), StringComparison.Ordinal);
    }
}
