using System.Net;
using System.Text;
using System.Text.Json;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Capstan.Server.Tests.Inference;

/// <summary>A real server with an ONNX model that passes through one input of every datatype (<c>X_T</c> to <c>Y_T</c>, shape [N,2]).</summary>
public sealed class IdentityModelServer : IAsyncLifetime
{
    /// <summary>The server.</summary>
    public RunningServer Server { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Server = await RunningServer.StartAsync();
        await Server.Http.PushAsync("types", TestModels.IdentityPerTypeOnnx);
        await Server.Http.DeployAsync("types");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Every datatype from BOOL to FP64 and BYTES through a deployed model, over REST and over gRPC, with real clients.</summary>
public sealed class EveryDataTypeTests(IdentityModelServer identity) : IClassFixture<IdentityModelServer>
{
    /// <summary>Two values of each datatype, at its edges, as JSON.</summary>
    private static readonly (string Type, string Json)[] Values =
    [
        ("BOOL", "true, false"),
        ("UINT8", "0, 255"),
        ("UINT16", "0, 65535"),
        ("UINT32", "0, 4294967295"),
        ("UINT64", "0, 18446744073709551615"),
        ("INT8", "-128, 127"),
        ("INT16", "-32768, 32767"),
        ("INT32", "-2147483648, 2147483647"),
        ("INT64", "-9223372036854775808, 9223372036854775807"),
        ("FP16", "1.5, -65504"),
        ("FP32", "1.5, -3.4028235E+38"),
        ("FP64", "1E+300, -5E-324"),
        ("BYTES", "\"plain\", \"ünïcödé ✓\""),
    ];

    [Fact]
    public async Task Rest_CarriesEveryDatatypeThroughTheModelUnchanged()
    {
        var inputs = string.Join(",", Values.Select(v => $$"""{"name": "X_{{v.Type}}", "shape": [1, 2], "datatype": "{{v.Type}}", "data": [{{v.Json}}]}"""));

        using var response = await identity.Server.Http.PostAsync("/v2/models/types/infer", new StringContent($$"""{"inputs": [{{inputs}}]}""", Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var outputs = JsonDocument.Parse(text).RootElement.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        foreach (var (type, json) in Values)
        {
            var output = outputs[$"Y_{type}"];
            Assert.Equal(type, output.GetProperty("datatype").GetString());
            Assert.Equal(Normalize($"[{json}]", type), Normalize(output.GetProperty("data").GetRawText(), type));
        }
    }

    [Fact]
    public async Task Rest_CarriesEveryDatatypeThroughTheModelUnchangedAsBinaryTensorDataBothWays()
    {
        var raws = Values.Select(v => RawOf(v.Type)).ToList();
        var inputs = string.Join(",", Values.Select((v, i) => $$"""{"name": "X_{{v.Type}}", "shape": [1, 2], "datatype": "{{v.Type}}", "parameters": {"binary_data_size": {{raws[i].Length}} } }"""));
        var json = Encoding.UTF8.GetBytes($$$"""{"inputs": [{{{inputs}}}], "parameters": {"binary_data_output": true}}""");
        using var content = new ByteArrayContent([.. json, .. raws.SelectMany(r => r)]);
        content.Headers.Add("Inference-Header-Content-Length", json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await identity.Server.Http.PostAsync("/v2/models/types/infer", content);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(body));
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var jsonLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var at = jsonLength;
        foreach (var output in JsonDocument.Parse(body.AsMemory(0, jsonLength)).RootElement.GetProperty("outputs").EnumerateArray())
        {
            Assert.False(output.TryGetProperty("data", out _));
            var size = output.GetProperty("parameters").GetProperty("binary_data_size").GetInt32();
            Assert.Equal(RawOf(output.GetProperty("name").GetString()!["Y_".Length..]), body.AsSpan(at, size).ToArray());
            at += size;
        }
        Assert.Equal(body.Length, at);
    }

    [Fact]
    public async Task Grpc_CarriesEveryDatatypeThroughTheModelUnchangedAsRawContents()
    {
        using var channel = GrpcChannels.For(identity.Server);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var request = new ModelInferRequest { ModelName = "types" };
        var sent = new Dictionary<string, byte[]>();
        foreach (var (type, _) in Values)
        {
            var raw = RawOf(type);
            sent[type] = raw;
            request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = $"X_{type}", Datatype = type, Shape = { 1, 2 } });
            request.RawInputContents.Add(ByteString.CopyFrom(raw));
        }

        var response = await client.ModelInferAsync(request);

        Assert.Equal(("types", "1"), (response.ModelName, response.ModelVersion));
        for (var i = 0; i < response.Outputs.Count; i++)
        {
            var type = response.Outputs[i].Name["Y_".Length..];
            Assert.Equal(type, response.Outputs[i].Datatype);
            Assert.Equal(sent[type], response.RawOutputContents[i].ToByteArray());
        }
        Assert.Equal(Values.Length, response.Outputs.Count);
    }

    /// <summary>The little-endian raw form of the two edge values of <paramref name="type"/> (BYTES length-prefixed).</summary>
    private static byte[] RawOf(string type) => type switch
    {
        "BOOL" => [1, 0],
        "UINT8" => [0, 255],
        "UINT16" => [.. BitConverter.GetBytes((ushort)0), .. BitConverter.GetBytes(ushort.MaxValue)],
        "UINT32" => [.. BitConverter.GetBytes(0u), .. BitConverter.GetBytes(uint.MaxValue)],
        "UINT64" => [.. BitConverter.GetBytes(0ul), .. BitConverter.GetBytes(ulong.MaxValue)],
        "INT8" => [unchecked((byte)sbyte.MinValue), (byte)sbyte.MaxValue],
        "INT16" => [.. BitConverter.GetBytes(short.MinValue), .. BitConverter.GetBytes(short.MaxValue)],
        "INT32" => [.. BitConverter.GetBytes(int.MinValue), .. BitConverter.GetBytes(int.MaxValue)],
        "INT64" => [.. BitConverter.GetBytes(long.MinValue), .. BitConverter.GetBytes(long.MaxValue)],
        "FP16" => [.. BitConverter.GetBytes((Half)1.5), .. BitConverter.GetBytes(Half.MinValue)],
        "FP32" => [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(float.MinValue)],
        "FP64" => [.. BitConverter.GetBytes(1e300), .. BitConverter.GetBytes(-double.Epsilon)],
        _ => [.. Prefixed("plain"), .. Prefixed("ünïcödé ✓")],
    };

    private static byte[] Prefixed(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return [.. BitConverter.GetBytes(bytes.Length), .. bytes];
    }

    /// <summary>Parses a JSON array and writes it back, so that number formatting (1E+300 against 1e300, or FP16's shortest form) does not matter.</summary>
    private static string Normalize(string json, string type) =>
        string.Join("|", JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.ValueKind switch
        {
            JsonValueKind.Number when type == "FP16" => ((Half)e.GetDouble()).ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.Number when e.TryGetUInt64(out var u) => u.ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.Number when e.TryGetInt64(out var l) => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.Number => e.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            _ => e.GetRawText(),
        }));
}
