using Microsoft.AspNetCore.Authorization;

namespace Capstan.Server.Security;

/// <summary>Requires one of <paramref name="Needs"/>'s permissions and, for a caller narrowed to models, a grant on the model the request names.</summary>
/// <param name="Needs">The permissions any one of which suffices.</param>
public sealed record PermissionRequirement(Permission Needs) : IAuthorizationRequirement;
