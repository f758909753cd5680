using System.Net;
using System.Text;
using System.Text.Json;
using Capstan.Server.Hardening;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Server.Tests.Hardening;
using Capstan.Server.Tests.Inference.Grpc;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Google.Protobuf;
using Grpc.Core;

namespace Capstan.Server.Tests.Hostile;

/// <summary>
/// Published attacks on model registries and servers, replayed over real HTTP and gRPC: path traversal in names and
/// references (MLflow CVE-2023-1177, CVE-2023-6909, <c>file://</c> sources), model repository traversal and arbitrary
/// writes through model names (Triton, TorchServe, Ray), ONNX external data outside the model (CVE-2024-27318/27319),
/// hostile zips, hostile JSON and hostile tensors.
/// </summary>
/// <remarks>Every case must answer 4xx naming the problem, leave the server ready, and leave every file outside the data directory as it was.</remarks>
public sealed class HostileInputTests(HostileServer hostile) : IClassFixture<HostileServer>
{
    private const string Features = "\"name\": \"Features\", \"datatype\": \"FP32\"";
    private static readonly string Deep = new string('[', 10_000) + new string(']', 10_000);

    /// <summary>A hostile request: its method, path, body, and a fragment the error must contain, or null for one Kestrel refuses before routing (an empty 400).</summary>
    public sealed record Attack(string Method, string Path, Func<HttpContent?> Body, string? Names);

    private static Attack Get(string path, string? names) => new("GET", path, () => null, names);

    private static Attack Send(string method, string path, string json, string? names) =>
        new(method, path, () => new StringContent(json, Encoding.UTF8, "application/json"), names);

    private static Attack Push(string name, string artifact, string names) => new("POST", $"/api/v1/models/{name}/versions", () => Http.PushBody(artifact), names);

    private static Attack PushMetadata(string metadataJson, string names) => new("POST", "/api/v1/models/evil/versions", () => new MultipartFormDataContent
    {
        { new StringContent(metadataJson, Encoding.UTF8, "application/json"), "metadata" },
        { new StreamContent(File.OpenRead(TestModels.BreastCancerOnnx)), "artifact", "bc.onnx" },
    }, names);

    private static Attack Infer(string json, string names) => Send("POST", "/v2/models/bc/infer", json, names);

    /// <summary>An inference body of the binary tensor data extension: <paramref name="json"/>, then <paramref name="binary"/>, with the header that gives the JSON's length as <paramref name="jsonLength"/> (or its real length).</summary>
    private static Attack InferBinary(string json, byte[] binary, string? jsonLength, string names) => new("POST", "/v2/models/bc/infer", () =>
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var content = new ByteArrayContent([.. bytes, .. binary]);
        content.Headers.Add("Inference-Header-Content-Length", jsonLength ?? bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return content;
    }, names);

    /// <summary>The corpus, by a name that says what each case tries.</summary>
    public static IReadOnlyDictionary<string, Attack> Corpus { get; } = new Dictionary<string, Attack>
    {
        ["model name: ../../ encoded"] = Get("/api/v1/models/..%2F..%2Fetc%2Fpasswd", "model name"),
        ["model name: ..\\..\\ encoded"] = Get("/api/v1/models/..%5C..%5Cetc%5Cpasswd", "model name"),
        ["model name: %2e%2e%2f"] = Get("/api/v1/models/%2e%2e%2f%2e%2e%2fetc", "model name"),
        ["model name: double-encoded ../"] = Get("/api/v1/models/%252e%252e%252fetc", "model name"),
        ["model name: file:// source"] = Get("/api/v1/models/file:%2F%2F%2Fetc%2Fpasswd", "model name"),
        ["model name: # fragment"] = Get("/api/v1/models/bc%23frag", "model name"),
        ["model name: NUL"] = Get("/api/v1/models/bc%00", null),
        ["model name: Cyrillic look-alike"] = Get("/api/v1/models/b%D1%81", "model name"),
        ["model name: script"] = Get("/api/v1/models/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "model name"),
        ["push: name ../../ encoded (TorchServe/Triton arbitrary write)"] = Push("..%2F..%2Fevil", TestModels.BreastCancerOnnx, "model name"),
        ["push: name ..\\ encoded"] = Push("..%5C..%5Cevil", TestModels.BreastCancerOnnx, "model name"),
        ["push: name absolute path"] = Push("%2Fetc%2Fpasswd", TestModels.BreastCancerOnnx, "model name"),
        ["push: name script"] = Push("%3Cscript%3Ealert(1)%3C%2Fscript%3E", TestModels.BreastCancerOnnx, "model name"),
        ["alias: ../../ encoded"] = Send("PUT", "/api/v1/models/bc/aliases/..%2F..%2Fevil", "{\"version\": 1}", "alias"),
        ["alias: NUL"] = Send("PUT", "/api/v1/models/bc/aliases/ch%00", "{\"version\": 1}", null),
        ["alias: script"] = Send("PUT", "/api/v1/models/bc/aliases/%3Cscript%3E", "{\"version\": 1}", "alias"),
        ["alias: target is a path"] = Send("PUT", "/api/v1/models/bc/aliases/champion", "{\"version\": \"../../etc/passwd\"}", "JSON"),
        ["version: ../../ in the number"] = Get("/api/v1/versions/bc:..%2F..%2Fetc%2Fpasswd", "version"),
        ["version: ../../ in the alias"] = Get("/api/v1/versions/bc@..%2F..%2Fevil", "alias"),
        ["version: NUL"] = Get("/api/v1/versions/bc:1%00", null),
        ["version: file:// source (MLflow CVE-2023-1177)"] = Get("/api/v1/versions/file:%2F%2F%2Fetc%2Fpasswd", "version"),
        ["version: overflowing number"] = Get("/api/v1/versions/bc:99999999999999999999", "version"),
        ["artifact: ../../ reference (MLflow CVE-2023-6909)"] = Get("/api/v1/versions/bc:..%2F..%2F..%2Fcanary.txt/artifact", "version"),
        ["tags: ../ in a tag name"] = Send("PATCH", "/api/v1/models/bc", "{\"tags\": {\"../x\": \"v\"}}", "tag name"),
        ["deploy: reference is a path"] = Send("PUT", "/api/v1/deployments/bc", "{\"reference\": \"../../etc/passwd\"}", "reference"),
        ["deploy: reference is file://"] = Send("PUT", "/api/v1/deployments/bc", "{\"reference\": \"file:///etc/passwd\"}", "reference"),
        ["deploy: name ../../ encoded"] = Send("PUT", "/api/v1/deployments/..%2F..%2Fevil", "{\"reference\": \"bc:1\"}", "name"),
        ["infer route: model ../ encoded"] = Send("POST", "/v2/models/..%2F..%2Fetc%2Fpasswd/infer", "{\"inputs\": []}", "model"),
        ["infer route: version ../ encoded"] = Send("POST", "/v2/models/bc/versions/..%2F..%2Fevil/infer", "{\"inputs\": []}", "version"),
        ["zip: ../ entry"] = Push("evil", TestModels.TraversalZip, "entry"),
        ["zip: absolute entry"] = Push("evil", TestModels.ZipWithEntries("TransformerChain/Model.key", "/tmp/capstan-evil.txt"), "entry"),
        ["zip: ..\\ entry"] = Push("evil", TestModels.ZipWithEntries("TransformerChain/Model.key", "..\\..\\evil.txt"), "entry"),
        ["zip: symbolic link entry"] = Push("evil", TestModels.ZipWithSymlink("TransformerChain/Model/link", "/etc/passwd"), "link"),
        ["zip: bomb"] = Push("evil", TestModels.ZipBomb, "expands"),
        ["zip: lying header"] = Push("evil", TestModels.LyingHeaderZip, "size"),
        ["onnx: external data ../ (CVE-2024-27318)"] = Push("evil", TestModels.ExternalDataOutsideOnnx, "external files"),
        ["onnx: external data beside, not uploaded"] = Push("evil", TestModels.ExternalDataOnnx, "external files"),
        ["json: push metadata 10,000 deep"] = PushMetadata(Deep, "JSON"),
        ["json: push metadata malformed"] = PushMetadata("{\"tags\": {", "JSON"),
        ["json: model update 10,000 deep"] = Send("PATCH", "/api/v1/models/bc", Deep, "JSON"),
        ["json: alias 10,000 deep"] = Send("PUT", "/api/v1/models/bc/aliases/champion", Deep, "JSON"),
        ["json: deploy 10,000 deep"] = Send("PUT", "/api/v1/deployments/bc", Deep, "JSON"),
        ["json: deploy malformed"] = Send("PUT", "/api/v1/deployments/bc", "{\"reference\": ", "JSON"),
        ["json: infer 10,000 deep"] = Infer("{\"inputs\": " + Deep + "}", "must be an object"),
        ["json: infer data 10,000 deep"] = Infer($"{{\"inputs\": [{{{Features}, \"shape\": [1, 30], \"data\": {Deep}}}]}}", "deep"),
        ["json: predict 10,000 deep"] = Send("POST", "/v1/models/bc:predict", "{\"instances\": " + Deep + "}", "must be an object"),
        ["json: infer malformed"] = Infer("{\"inputs\": [{\"name\": ", "JSON"),
        ["tensor: data shorter than shape"] = Infer($"{{\"inputs\": [{{{Features}, \"shape\": [1, 30], \"data\": [1, 2, 3]}}]}}", "needs"),
        ["tensor: overflowing element count"] = Infer($"{{\"inputs\": [{{{Features}, \"shape\": [4294967296, 4294967296, 4294967296], \"data\": [1]}}]}}", "elements"),
        ["tensor: negative dimension"] = Infer($"{{\"inputs\": [{{{Features}, \"shape\": [-1, 30], \"data\": [1]}}]}}", "dimension"),
        ["tensor: text in FP32 data"] = Infer($"{{\"inputs\": [{{{Features}, \"shape\": [1, 1], \"data\": [\"<script>\"]}}]}}", "FP32"),
        ["binary: size past the body"] = InferBinary($"{{\"inputs\": [{{{Features}, \"shape\": [1, 30], \"parameters\": {{\"binary_data_size\": 9223372036854775807}}}}]}}", new byte[120], null, "left in the body"),
        ["binary: 2^62 BYTES elements in 8 bytes"] = InferBinary("{\"inputs\": [{\"name\": \"t\", \"shape\": [4611686018427387904], \"datatype\": \"BYTES\", \"parameters\": {\"binary_data_size\": 8}}]}", new byte[8], null, "elements"),
        ["binary: BYTES length -1"] = InferBinary("{\"inputs\": [{\"name\": \"t\", \"shape\": [1], \"datatype\": \"BYTES\", \"parameters\": {\"binary_data_size\": 8}}]}", [255, 255, 255, 255, 0, 0, 0, 0], null, "runs past"),
        ["binary: JSON length past the body"] = InferBinary("{\"inputs\": []}", [], "99999999999999999999", "not a length"),
        ["predict: no instances"] = Send("POST", "/v1/models/bc:predict", "{\"instances\": []}", "instances"),
    };

    public static TheoryData<string> Cases => new(Corpus.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Attack_IsRefusedWith4xxNamingTheProblemAndTouchesNothingOutsideTheDataDirectory(string attack)
    {
        var (method, path, body, names) = Corpus[attack];
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body() };

        using var response = await hostile.Server.Http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"answered {(int)response.StatusCode}: {text}");
        if (names is null)
            Assert.Equal((HttpStatusCode.BadRequest, ""), (response.StatusCode, text));
        else
        {
            Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "application/json", "application/problem+json" });
            Assert.Contains(names, MessageOf(text), StringComparison.OrdinalIgnoreCase);
        }
        await AssertSurvivedAsync();
    }

    [Fact]
    public async Task Attack_AnEndlessChunkedInferenceBodyIsCutOffWith413InTheProtocolsErrorShape()
    {
        var answer = await RawHttp.SendChunkedAsync(hostile.Server, "POST /v2/models/bc/infer", "application/json", "{\"inputs\": [", ' ', maxBytes: 64L * 1024 * 1024);

        Assert.StartsWith("HTTP/1.1 413", answer);
        Assert.Contains("Content-Type: application/json\r\n", answer);
        await AssertSurvivedAsync();
    }

    public static TheoryData<string> GrpcAttacks => new("oversized message", "shape and data mismatch", "raw contents of the wrong length", "overflowing element count");

    [Theory]
    [MemberData(nameof(GrpcAttacks))]
    public async Task Attack_OverGrpcIsRefusedWithAStatusNamingTheProblem(string attack)
    {
        var (request, expected, names) = attack switch
        {
            "oversized message" => (InferRequests.Raw("bc", "Features", "FP32", [1, 30], new byte[2 * 1024 * 1024]), StatusCode.ResourceExhausted, "message"),
            "shape and data mismatch" => (InferRequests.Typed("bc", "Features", "FP32", [1, 30], new InferTensorContents { Fp32Contents = { 1f, 2f } }), StatusCode.InvalidArgument, "30 elements"),
            "raw contents of the wrong length" => (InferRequests.Raw("bc", "Features", "FP32", [1, 30], new byte[7]), StatusCode.InvalidArgument, "bytes"),
            _ => (InferRequests.Raw("bc", "Features", "FP32", [4294967296, 4294967296, 4294967296], new byte[4]), StatusCode.InvalidArgument, "shape"),
        };

        var refused = await Assert.ThrowsAsync<RpcException>(() => hostile.Grpc.ModelInferAsync(request, RawHttp.GrpcHeaders(hostile.Server)).ResponseAsync);

        Assert.Equal(expected, refused.StatusCode);
        Assert.Contains(names, refused.Status.Detail, StringComparison.OrdinalIgnoreCase);
        await AssertSurvivedAsync();
    }

    [Fact]
    public async Task Attack_AMessageThatIsNotProtobufOverGrpcIsRefusedWithInvalidArgumentSayingWhy()
    {
        byte[] truncated = [.. InferRequests.Raw("bc", "Features", "FP32", [1, 30], new byte[120]).ToByteArray()[..^10]];

        var refused = await Assert.ThrowsAsync<RpcException>(() => InferRequests.SendAsync(hostile.GrpcInvoker, truncated, RawHttp.GrpcHeaders(hostile.Server)));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.StartsWith("The request is not a valid ModelInferRequest message: it has a field that runs past the end of its message", refused.Status.Detail);
        await AssertSurvivedAsync();
    }

    [Fact]
    public async Task Script_InTagsDescriptionAndModelCardIsStoredAsDataAndReturnedJsonEscaped()
    {
        const string script = "<script>alert(1)</script>";
        await hostile.Server.Http.PushAsync("scripted", TestModels.BreastCancerOnnx, new { description = script, tags = new Dictionary<string, string> { ["note"] = script }, modelCard = script });

        foreach (var path in (string[])["/api/v1/models/scripted", "/api/v1/versions/scripted:1"])
        {
            using var response = await hostile.Server.Http.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();

            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(text).RootElement.ValueKind);
        }
        var version = await hostile.Server.Http.GetOkAsync<Capstan.Core.Registry.ModelVersionInfo>("/api/v1/versions/scripted:1");
        Assert.Equal((script, script, script), (version.Description, version.Tags["note"], version.ModelCard));
        await AssertSurvivedAsync();
    }

    private static string MessageOf(string text)
    {
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        return (root.TryGetProperty("error", out var error) ? error : root.GetProperty("detail")).GetString() ?? "";
    }

    private async Task AssertSurvivedAsync()
    {
        using var ready = await hostile.Server.Http.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        hostile.Root.AssertUntouched();
    }
}
