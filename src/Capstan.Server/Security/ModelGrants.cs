using System.Security.Claims;
using Capstan.Core.Errors;

namespace Capstan.Server.Security;

/// <summary>The models a caller is narrowed to (<see cref="CallerPrincipal.GrantedModels"/>).</summary>
/// <remarks>A caller with no grants, and an anonymous one, is not narrowed: its role (if any) applies to every model.</remarks>
public static class ModelGrants
{
    /// <summary>Whether <paramref name="caller"/> is narrowed to named models.</summary>
    public static bool IsNarrowed(ClaimsPrincipal caller) => caller is CallerPrincipal { GrantedModels: not null };

    /// <summary>Whether <paramref name="caller"/> may act on <paramref name="model"/> (compared exactly, as model names are).</summary>
    public static bool Allows(ClaimsPrincipal caller, string model) =>
        caller is not CallerPrincipal { GrantedModels: { } granted } || granted.Contains(model);

    /// <summary>The items of a listing that <paramref name="caller"/> may see.</summary>
    public static IReadOnlyList<T> Filter<T>(ClaimsPrincipal caller, IReadOnlyList<T> items, Func<T, string> model) =>
        IsNarrowed(caller) ? items.Where(item => Allows(caller, model(item))).ToList() : items;

    /// <summary><paramref name="value"/> when <paramref name="caller"/> may act on <paramref name="model"/>, otherwise Forbidden naming the model.</summary>
    public static Result<T> Granted<T>(ClaimsPrincipal caller, string model, T value) =>
        Allows(caller, model) ? value : Error.Forbidden($"The caller has no grant on model '{model}'.");
}
