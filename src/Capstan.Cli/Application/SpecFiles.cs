using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Capstan.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Capstan.Cli.Application;

/// <summary>Reads the files <c>apply -f</c> commands take: YAML, or JSON by its <c>.json</c> extension or a leading '{', into a mutable shape.</summary>
/// <remarks>Unknown fields and values of the wrong type are refused with the file's line, in the file's terms rather than .NET's.</remarks>
internal static partial class SpecFiles
{
    /// <summary>The largest file read.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 16,
    };

    private static readonly IDeserializer Yaml = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    /// <summary>Reads and parses <paramref name="path"/>, a <paramref name="what"/> such as "deployment file"; NotFound when it is missing, TooLarge past <see cref="MaxBytes"/>.</summary>
    public static Result<T> Read<T>(string path, string what) where T : class
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            return Error.NotFound($"There is no file '{path}'.");
        if (info.Length > MaxBytes)
            return Error.TooLarge($"'{path}' is {info.Length} bytes; a {what} is at most {MaxBytes}.");
        return Parse<T>(File.ReadAllText(path), path);
    }

    /// <summary>Parses the text of a file named <paramref name="path"/>.</summary>
    public static Result<T> Parse<T>(string text, string path) where T : class
    {
        var json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{');
        try
        {
            var file = json ? JsonSerializer.Deserialize<T>(text, JsonOptions) : Yaml.Deserialize<T>(text);
            return file ?? (Result<T>)Error.InvalidInput($"{path} is empty.");
        }
        catch (JsonException e)
        {
            var message = Describe(e.Message.Split(" Path:", 2)[0]);
            return Error.InvalidInput(e.LineNumber is { } line ? $"{path}, line {line + 1}: {message}" : $"{path}: {message}");
        }
        catch (YamlException e)
        {
            var message = (e.InnerException ?? e).Message;
            var problem = message.Contains("): ", StringComparison.Ordinal) ? message[(message.IndexOf("): ", StringComparison.Ordinal) + 3)..] : message;
            return Error.InvalidInput($"{path}, line {e.Start.Line}: {Describe(problem)}");
        }
    }

    /// <summary>A parser's message in the file's terms: the unknown field by name, or the value's problem without .NET type names.</summary>
    private static string Describe(string message)
    {
        if (UnknownField().Match(message) is { Success: true } unknown)
            return $"unknown field '{unknown.Groups[1].Value}'.";
        return message.Contains("System.", StringComparison.Ordinal) || message.Contains("Capstan.", StringComparison.Ordinal)
            ? "the value does not have the form this field takes (text, a whole number, a list or a mapping)."
            : message;
    }

    [GeneratedRegex("property '([^']*)' (?:not found|could not be mapped)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnknownField();
}
