using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Capstan.Core.Registry;
using Capstan.Core.Serialization;

namespace Capstan.Server.Tests.Support;

/// <summary>Raw HTTP helpers for the control-plane contract: multipart pushes and problem-details checks.</summary>
public static class Http
{
    /// <summary>Builds a push body: the metadata part, then the artifact part streamed from a file.</summary>
    public static MultipartFormDataContent PushBody(string artifactPath, object? metadata = null)
    {
        var body = new MultipartFormDataContent();
        body.Add(Json(metadata ?? new { }), "metadata");
        var file = new StreamContent(File.OpenRead(artifactPath));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Add(file, "artifact", Path.GetFileName(artifactPath));
        return body;
    }

    /// <summary>A JSON body serialized the way Capstan serializes.</summary>
    public static StringContent Json(object value) =>
        new(JsonSerializer.Serialize(value, CapstanJson.Options), Encoding.UTF8, "application/json");

    /// <summary>Pushes a file and returns the created version, failing the test on any other answer.</summary>
    public static async Task<ModelVersionInfo> PushAsync(this HttpClient http, string name, string artifactPath, object? metadata = null)
    {
        using var response = await http.PostAsync($"/api/v1/models/{name}/versions", PushBody(artifactPath, metadata));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"push answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<ModelVersionInfo>(text, CapstanJson.Options)!;
    }

    /// <summary>Reads a successful JSON answer, failing the test on any other.</summary>
    public static async Task<T> ReadOkAsync<T>(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, CapstanJson.Options)!;
    }

    /// <summary>Gets and reads a successful JSON answer.</summary>
    public static async Task<T> GetOkAsync<T>(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return await response.ReadOkAsync<T>();
    }

    /// <summary>Asserts that the answer is an RFC 9457 problem with this status and code, and returns its detail.</summary>
    public static async Task<string> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";
    }

    /// <summary>Reads a JSON answer as the given type with Capstan's settings.</summary>
    public static Task<T?> ReadAsAsync<T>(this HttpContent content) => content.ReadFromJsonAsync<T>(CapstanJson.Options);

    /// <summary>Deploys a reference over the control plane and waits until its server reports it ready, failing the test if it fails.</summary>
    public static Task<Deployment> DeployAsync(this HttpClient http, string reference, BatchingSettings? batching = null, IReadOnlyList<string>? outputs = null) =>
        http.DeployAsync(new DeploymentRequest(reference, batching, outputs));

    /// <summary>Puts a whole deployment (variants, shadow, sticky key) over the control plane and waits until its server reports it ready, failing the test if it fails.</summary>
    public static async Task<Deployment> DeployAsync(this HttpClient http, DeploymentRequest request)
    {
        var reference = request.Target;
        var name = reference.Split(':', '@')[0];
        var deployed = await (await http.PutAsync($"/api/v1/deployments/{name}", Json(request))).ReadOkAsync<Deployment>();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var current = await http.GetOkAsync<Deployment>($"/api/v1/deployments/{name}");
            if (current.Revision == deployed.Revision && current.Status.State == DeploymentState.Ready)
                return current;
            Assert.False(current.Status.State == DeploymentState.Failed, $"{reference} failed to deploy: {current.Status.Reason}");
            await Task.Delay(50);
        }
        throw new TimeoutException($"{reference} was not ready within 30 seconds.");
    }
}
