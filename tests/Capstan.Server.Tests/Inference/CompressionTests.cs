using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Inference;

/// <summary>Compressed request bodies and answers on the inference routes, as Triton's HTTP clients send and accept them.</summary>
public sealed class CompressionTests(SmallBodyLimitServer limited) : IClassFixture<SmallBodyLimitServer>
{
    private RunningServer Server => limited.Server;

    private static string Body =>
        $$"""{"inputs": [{"name": "Features", "shape": [1, 30], "datatype": "FP32", "data": [{{string.Join(",", TestModels.BreastCancer.Holdout[0].Features.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}]}]}""";

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    [InlineData("identity")]
    public async Task ACompressedBody_AnswersWhatThePlainBodyAnswers(string encoding)
    {
        using var plain = await Server.Http.PostAsync("/v2/models/bc/infer", new StringContent(Body, Encoding.UTF8, "application/json"));
        using var compressed = await Server.Http.PostAsync("/v2/models/bc/infer", Compressed(Encoding.UTF8.GetBytes(Body), encoding));

        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        Assert.Equal(await plain.Content.ReadAsStringAsync(), await compressed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ACompressedPredictBody_IsReadToo()
    {
        var row = string.Join(",", TestModels.BreastCancer.Holdout[0].Features.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var body = Encoding.UTF8.GetBytes($$"""{"instances": [{"Features": [{{row}}]}]}""");

        using var response = await Server.Http.PostAsync("/v1/models/bc:predict", Compressed(body, "gzip"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("predictions", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("zstd", "The request's Content-Encoding is 'zstd', which Capstan does not read; send the body as is, or as gzip, deflate (zlib) or br.")]
    [InlineData("gzip", "The request body is not valid gzip data:")]
    public async Task AnUnknownEncodingOrCorruptData_Gets400NamingIt(string encoding, string message)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add(encoding);

        using var response = await Server.Http.PostAsync("/v2/models/bc/infer", content);
        using var served = await Server.Http.PostAsync("/v2/models/bc/infer", new StringContent(Body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith(message, error.RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task ABodyThatExpandsPastTheLimit_Gets413WithoutBeingHeldWhole()
    {
        var bomb = Encoding.UTF8.GetBytes("{\"inputs\": [" + new string(' ', 50_000_000) + "]}");

        using var response = await Server.Http.PostAsync("/v2/models/bc/infer", Compressed(bomb, "gzip"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("The request body is over the limit of 100,000 bytes.", error.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ACompressedBodyOverTheLimitSentWithoutALength_Gets413FromTheProtocolAndTheServerGoesOn()
    {
        var text = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(150_000));
        var body = Encoding.UTF8.GetBytes($$"""{"inputs": [{"name": "Features", "shape": [1], "datatype": "BYTES", "data": ["{{text}}"]}]}""");
        using var stored = new MemoryStream();
        using (var gzip = new GZipStream(stored, CompressionLevel.NoCompression, leaveOpen: true))
            gzip.Write(body);
        using var content = new StreamContent(new UnseekableStream(stored.ToArray()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await Server.Http.PostAsync("/v2/models/bc/infer", content);
        using var served = await Server.Http.PostAsync("/v2/models/bc/infer", new StringContent(Body, Encoding.UTF8, "application/json"));

        Assert.Null(response.RequestMessage!.Content!.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("The request body is over the limit of 100,000 bytes.", error.RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task AnAnswer_IsCompressedWhenTheClientAcceptsIt(string encoding)
    {
        using var plain = await Server.Http.PostAsync("/v2/models/bc/infer", new StringContent(Body, Encoding.UTF8, "application/json"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/bc/infer") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Equal(await plain.Content.ReadAsStringAsync(), Decompressed(await response.Content.ReadAsByteArrayAsync(), encoding));
    }

    [Fact]
    public async Task AControlPlaneAnswer_IsNeverCompressed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    private static ByteArrayContent Compressed(byte[] body, string encoding)
    {
        using var buffer = new MemoryStream();
        if (Compressor(buffer, encoding) is { } compressor)
        {
            using (compressor)
                compressor.Write(body);
        }
        var content = new ByteArrayContent(encoding == "identity" ? body : buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add(encoding);
        return content;
    }

    private static Stream? Compressor(Stream output, string encoding) => encoding switch
    {
        "gzip" => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
        "deflate" => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true),
        "br" => new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true),
        _ => null,
    };

    private static string Decompressed(byte[] body, string encoding)
    {
        using var input = new MemoryStream(body);
        using Stream decompressor = encoding switch
        {
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            "deflate" => new ZLibStream(input, CompressionMode.Decompress),
            _ => new BrotliStream(input, CompressionMode.Decompress),
        };
        using var reader = new StreamReader(decompressor, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>A stream of bytes whose length is unknown, so that HttpClient sends it chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
