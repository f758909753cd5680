using System.Security.Claims;

namespace Capstan.Server.Security;

/// <summary>The models a caller is narrowed to, from its <see cref="CapstanClaims.Model"/> claims.</summary>
/// <remarks>A caller without any model claim is not narrowed: its role applies to every model.</remarks>
public static class ModelGrants
{
    /// <summary>Whether <paramref name="caller"/> is narrowed to named models.</summary>
    public static bool IsNarrowed(ClaimsPrincipal caller) =>
        caller is CallerPrincipal known ? known.GrantedModels is not null : caller.HasClaim(c => c.Type == CapstanClaims.Model);

    /// <summary>Whether <paramref name="caller"/> may act on <paramref name="model"/> (compared exactly, as model names are).</summary>
    public static bool Allows(ClaimsPrincipal caller, string model) => caller is CallerPrincipal known
        ? known.GrantedModels?.Contains(model) ?? true
        : !IsNarrowed(caller) || caller.HasClaim(CapstanClaims.Model, model);

    /// <summary>The items of a listing that <paramref name="caller"/> may see.</summary>
    public static IReadOnlyList<T> Filter<T>(ClaimsPrincipal caller, IReadOnlyList<T> items, Func<T, string> model) =>
        IsNarrowed(caller) ? items.Where(item => Allows(caller, model(item))).ToList() : items;
}
