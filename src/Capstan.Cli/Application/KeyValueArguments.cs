using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Core.Naming;

namespace Capstan.Cli.Application;

/// <summary>Parses repeated <c>--option key=value</c> arguments, refusing malformed ones before any request.</summary>
/// <remarks>Keys follow <see cref="NameRules"/>; a key may appear once; a value may be empty and may contain '='.</remarks>
internal static class KeyValueArguments
{
    private delegate bool TryConvert<T>(string text, out T value);

    /// <summary>Parses text pairs given to <paramref name="option"/> (such as <c>--tag</c>).</summary>
    public static Result<IReadOnlyDictionary<string, string>> Parse(IEnumerable<string>? pairs, string option) =>
        Collect(pairs, option, "text", static (string text, out string value) =>
        {
            value = text;
            return true;
        });

    /// <summary>Parses pairs whose values are finite numbers in invariant notation (such as <c>--metric auc=0.91</c>).</summary>
    public static Result<IReadOnlyDictionary<string, double>> ParseNumbers(IEnumerable<string>? pairs, string option) =>
        Collect(pairs, option, "a finite number", static (string text, out double value) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value));

    /// <summary>Checks a tag filter, <c>key</c> or <c>key=value</c>, and returns it unchanged.</summary>
    public static Result<string> CheckFilter(string filter, string option)
    {
        var equals = filter.IndexOf('=');
        return NameRules.Check(equals < 0 ? filter : filter[..equals], $"{option} key").Map(_ => filter);
    }

    private static Result<IReadOnlyDictionary<string, T>> Collect<T>(
        IEnumerable<string>? pairs, string option, string expected, TryConvert<T> convert)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var equals = pair.IndexOf('=');
            if (equals < 0)
                return Error.InvalidInput($"{option} '{pair}' is not KEY=VALUE.");
            if (!NameRules.Check(pair[..equals], $"{option} key").TryGetValue(out var key, out var error))
                return error;
            var text = pair[(equals + 1)..];
            if (!convert(text, out var value))
                return Error.InvalidInput($"{option} '{pair}' has the value '{text}', which is not {expected}.");
            if (!result.TryAdd(key, value))
                return Error.InvalidInput($"{option} '{key}' is given more than once.");
        }
        return result;
    }
}
