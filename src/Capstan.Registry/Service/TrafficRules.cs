using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;

namespace Capstan.Registry.Service;

/// <summary>Checks a deployment's traffic policy (variants and weights, shadow, sticky key) and the reason of a change, each failure one precise message.</summary>
/// <remarks>Targets come back in their canonical form (<c>name:N</c>, <c>name@alias</c>, <c>name</c>); whether they resolve is checked by the caller.</remarks>
internal static class TrafficRules
{
    /// <summary>The most variants a deployment splits live traffic between.</summary>
    public const int MaxVariants = 4;

    /// <summary>The longest sticky header name accepted.</summary>
    public const int MaxHeaderLength = 64;

    /// <summary>The longest reason accepted.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Parses a target of the deployment of <paramref name="model"/>, refusing one that names another model.</summary>
    public static Result<ModelReference> Target(ModelName model, string? text, string what)
    {
        if (!ModelReference.Parse(text).TryGetValue(out var target, out var error))
            return error;
        return target.Name == model
            ? target
            : Error.InvalidInput($"A deployment of '{model}' serves versions of '{model}', so its {what} cannot be '{target}'.");
    }

    /// <summary>The variants with canonical targets, or null when one variant takes all the traffic, which is the target alone.</summary>
    public static Result<IReadOnlyList<TrafficVariant>?> Variants(ModelName model, ModelReference stable, IReadOnlyList<TrafficVariant?> variants)
    {
        if (variants.Count == 0)
            return Error.InvalidInput("A deployment that lists variants must list at least one; leave the list out to serve the target alone.");
        if (variants.Count > MaxVariants)
            return Error.InvalidInput($"A deployment splits traffic between at most {MaxVariants} variants, not {variants.Count}.");
        var checkedVariants = new List<TrafficVariant>(variants.Count);
        foreach (var variant in variants)
        {
            if (variant is null)
                return Error.InvalidInput("A variant is null; give each as {\"target\": ..., \"weight\": ...}.");
            if (!Target(model, variant.Target, "variant target").TryGetValue(out var target, out var error))
                return error;
            if (variant.Weight is < 1 or > 100)
                return Error.InvalidInput($"The weight of {target} is {variant.Weight}; each variant takes 1 to 100 percent.");
            if (checkedVariants.Any(v => v.Target == target.ToString()))
                return Error.InvalidInput($"The variant {target} is listed twice.");
            checkedVariants.Add(new TrafficVariant(target.ToString(), variant.Weight));
        }
        if (checkedVariants[0].Target != stable.ToString())
            return Error.InvalidInput($"The first variant is the stable one and must be the target {stable}, not {checkedVariants[0].Target}.");
        var total = checkedVariants.Sum(v => v.Weight);
        if (total != 100)
            return Error.InvalidInput($"The variants' weights add up to {total}, not 100.");
        return checkedVariants.Count == 1 ? null : checkedVariants;
    }

    /// <summary>The shadow with a canonical target, refusing one that also takes live traffic.</summary>
    public static Result<ShadowTraffic> Shadow(ModelName model, ShadowTraffic shadow, IReadOnlyList<TrafficVariant> live)
    {
        if (!Target(model, shadow.Target, "shadow target").TryGetValue(out var target, out var error))
            return error;
        if (shadow.Percent is < 1 or > 100)
            return Error.InvalidInput($"The shadow of {target} copies {shadow.Percent} percent of the requests; give 1 to 100.");
        return live.Any(v => v.Target == target.ToString())
            ? Error.InvalidInput($"The shadow target {target} already takes live traffic; shadow a version that does not.")
            : new ShadowTraffic(target.ToString(), shadow.Percent);
    }

    /// <summary>Checks that a sticky key names a header, an inference parameter or both (the header wins when a request carries both), each in a closed character set.</summary>
    public static Error? Sticky(StickyKey sticky)
    {
        if (sticky is { Header: null, Parameter: null })
            return Error.InvalidInput("A sticky key names a request header or an inference parameter; it names neither.");
        if (sticky.Header is { } header && Header(header) is { } badHeader)
            return badHeader;
        return sticky.Parameter is { } parameter && !NameRules.Check(parameter, "sticky parameter").TryGetValue(out _, out var error) ? error : null;
    }

    /// <summary>Checks the reason given for a change: at most <see cref="MaxReasonLength"/> characters and no control characters.</summary>
    public static Error? Reason(string? reason)
    {
        if (reason is null)
            return null;
        if (reason.Length > MaxReasonLength)
            return Error.InvalidInput($"The reason is {reason.Length} characters long; at most {MaxReasonLength} are allowed.");
        return reason.Any(char.IsControl)
            ? Error.InvalidInput($"The reason '{NameRules.Printable(reason)}' contains a control character; give it on one line.")
            : null;
    }

    private static Error? Header(string header)
    {
        if (header.Length is 0 or > MaxHeaderLength)
            return Error.InvalidInput($"The sticky header must be 1 to {MaxHeaderLength} characters long, not {header.Length}.");
        return header.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-')
            ? null
            : Error.InvalidInput($"The sticky header '{NameRules.Printable(header)}' may contain only ASCII letters, digits and '-'.");
    }
}
