using Capstan.Server.Security;

namespace Capstan.Server.Tests.Security;

/// <summary>Every HTTP endpoint the server maps, with a concrete request and the permission it must need: the specification the matrix checks.</summary>
/// <remarks>Requests to routes that change things name resources that do not exist or carry invalid bodies, so an allowed call is refused by validation (4xx other than 401/403) and the matrix leaves the server as it found it.</remarks>
public static class MatrixRoutes
{
    private const string M = MatrixServer.Model;

    /// <summary>The routes.</summary>
    public static IReadOnlyList<Route> All { get; } =
    [
        new("GET", "/v2/health/live", "/v2/health/live", Permission.None, null),
        new("GET", "/v2/health/ready", "/v2/health/ready", Permission.None, null),
        new("GET", "/v2", "/v2", Permission.Read | Permission.Infer, null),
        new("GET", "/v2/models/{name}", $"/v2/models/{M}", Permission.Read | Permission.Infer, M),
        new("GET", "/v2/models/{name}/ready", $"/v2/models/{M}/ready", Permission.Read | Permission.Infer, M),
        new("POST", "/v2/models/{name}/infer", $"/v2/models/{M}/infer", Permission.Infer, M, """{"inputs":[]}"""),
        new("GET", "/v2/models/{name}/versions/{version}", $"/v2/models/{M}/versions/1", Permission.Read | Permission.Infer, M),
        new("GET", "/v2/models/{name}/versions/{version}/ready", $"/v2/models/{M}/versions/1/ready", Permission.Read | Permission.Infer, M),
        new("POST", "/v2/models/{name}/versions/{version}/infer", $"/v2/models/{M}/versions/1/infer", Permission.Infer, M, """{"inputs":[]}"""),
        new("POST", "/v1/models/{name}:predict", $"/v1/models/{M}:predict", Permission.Infer, M, """{"instances":[]}"""),
        new("GET", "/openapi/{documentName}.json", "/openapi/v1.json", Permission.Read, null),
        new("GET", "/api/v1/models/", "/api/v1/models", Permission.Read, null),
        new("GET", "/api/v1/models/{name}", $"/api/v1/models/{M}", Permission.Read, M),
        new("PATCH", "/api/v1/models/{name}", $"/api/v1/models/{M}", Permission.Write, M, """{"tags":{"":""}}"""),
        new("GET", "/api/v1/models/{name}/versions", $"/api/v1/models/{M}/versions", Permission.Read, M),
        new("POST", "/api/v1/models/{name}/versions", $"/api/v1/models/{M}/versions", Permission.Write, M, "{}"),
        new("GET", "/api/v1/models/{name}/aliases", $"/api/v1/models/{M}/aliases", Permission.Read, M),
        new("PUT", "/api/v1/models/{name}/aliases/{alias}", $"/api/v1/models/{M}/aliases/champion", Permission.Write, M, """{"version":99}"""),
        new("DELETE", "/api/v1/models/{name}/aliases/{alias}", $"/api/v1/models/{M}/aliases/missing", Permission.Write, M),
        new("GET", "/api/v1/models/{name}/aliases/{alias}/history", $"/api/v1/models/{M}/aliases/champion/history", Permission.Read, M),
        new("GET", "/api/v1/versions/{reference}/", $"/api/v1/versions/{M}:1", Permission.Read, M),
        new("GET", "/api/v1/versions/{reference}/artifact", $"/api/v1/versions/{M}:99/artifact", Permission.Read, M),
        new("POST", "/api/v1/versions/{reference}/archive", $"/api/v1/versions/{M}:99/archive", Permission.Write, M),
        new("POST", "/api/v1/versions/{reference}/unarchive", $"/api/v1/versions/{M}:99/unarchive", Permission.Write, M),
        new("DELETE", "/api/v1/versions/{reference}/", $"/api/v1/versions/{M}:99", Permission.Write, M),
        new("GET", "/api/v1/deployments/", "/api/v1/deployments", Permission.Read, null),
        new("GET", "/api/v1/deployments/{name}", $"/api/v1/deployments/{M}", Permission.Read, M),
        new("PUT", "/api/v1/deployments/{name}", $"/api/v1/deployments/{M}", Permission.Write, M, """{"target":"bc:99"}"""),
        new("DELETE", "/api/v1/deployments/{name}", "/api/v1/deployments/missing-model", Permission.Write, "missing-model"),
        new("GET", "/api/v1/deployments/{name}/revisions", $"/api/v1/deployments/{M}/revisions", Permission.Read, M),
        new("POST", "/api/v1/deployments/{name}/rollback", "/api/v1/deployments/missing-model/rollback", Permission.Write, "missing-model", "{}"),
        new("GET", "/api/v1/deployments/{name}/rollout/", $"/api/v1/deployments/{M}/rollout", Permission.Read, M),
        new("POST", "/api/v1/deployments/{name}/rollout/", "/api/v1/deployments/missing-model/rollout", Permission.Write, "missing-model", """{"canary":"missing-model:1","steps":[{"weight":10,"holdSeconds":60}]}"""),
        new("POST", "/api/v1/deployments/{name}/rollout/pause", "/api/v1/deployments/missing-model/rollout/pause", Permission.Write, "missing-model", "{}"),
        new("POST", "/api/v1/deployments/{name}/rollout/resume", "/api/v1/deployments/missing-model/rollout/resume", Permission.Write, "missing-model", "{}"),
        new("POST", "/api/v1/deployments/{name}/rollout/promote", "/api/v1/deployments/missing-model/rollout/promote", Permission.Write, "missing-model", "{}"),
        new("POST", "/api/v1/deployments/{name}/rollout/abort", "/api/v1/deployments/missing-model/rollout/abort", Permission.Write, "missing-model", "{}"),
        new("GET", "/api/v1/status", "/api/v1/status", Permission.Read, null),
        new("GET", "/api/v1/models/{name}/logs", $"/api/v1/models/{M}/logs?limit=1", Permission.Read, M),
        new("GET", "/api/v1/logs/stats", "/api/v1/logs/stats", Permission.Read, null),
        new("GET", "/api/v1/alerts/", "/api/v1/alerts", Permission.Read, null),
        new("GET", "/api/v1/alerts/rules", "/api/v1/alerts/rules", Permission.Read, null),
        new("GET", "/api/v1/alerts/rules/{rule}", "/api/v1/alerts/rules/missing-rule", Permission.Read, null),
        new("PUT", "/api/v1/alerts/rules/{rule}", "/api/v1/alerts/rules/matrix-rule", Permission.Write, M, $$"""{"model":"{{M}}","signal":"requests","comparison":"~","threshold":1}"""),
        new("DELETE", "/api/v1/alerts/rules/{rule}", "/api/v1/alerts/rules/missing-rule", Permission.Write, null),
        new("GET", "/api/v1/alerts/{rule}/history", "/api/v1/alerts/missing-rule/history", Permission.Read, null),
        new("POST", "/api/v1/models/{name}/feedback", $"/api/v1/models/{M}/feedback", Permission.Write, M, """{"labels":[]}"""),
        new("GET", "/api/v1/models/{name}/performance", $"/api/v1/models/{M}/performance", Permission.Read, M),
        new("PUT", "/api/v1/models/{name}/versions/{version}/profile", $"/api/v1/models/{M}/versions/99/profile", Permission.Write, M, "{}"),
        new("GET", "/api/v1/models/{name}/versions/{version}/profile", $"/api/v1/models/{M}/versions/1/profile", Permission.Read, M),
        new("GET", "/api/v1/models/{name}/drift", $"/api/v1/models/{M}/drift?window=1h", Permission.Read, M),
        new("GET", "/metrics", "/metrics", Permission.Read, null),
        new("GET", "/api/v1/keys/", "/api/v1/keys", Permission.Admin, null, AdminUnnarrowed: true),
        new("POST", "/api/v1/keys/", "/api/v1/keys", Permission.Admin, null, """{"name":"","role":"viewer"}""", AdminUnnarrowed: true),
        new("DELETE", "/api/v1/keys/{id}", "/api/v1/keys/doesnotexist", Permission.Admin, null, AdminUnnarrowed: true),
        new("GET", "/api/v1/audit/", "/api/v1/audit?pageSize=1", Permission.Admin, null, AdminUnnarrowed: true),
        new("GET", "/api/v1/audit/verify", "/api/v1/audit/verify", Permission.Admin, null, AdminUnnarrowed: true),
        new("GET", "/api/v1/audit/export", "/api/v1/audit/export", Permission.Admin, null, AdminUnnarrowed: true),
    ];
}
