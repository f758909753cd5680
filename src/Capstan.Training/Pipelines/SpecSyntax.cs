using System.Text;
using System.Text.Json;
using Capstan.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Capstan.Training.Pipelines;

/// <summary>Turns the text of a spec file, YAML or JSON, into <see cref="SpecNode"/>s with their lines.</summary>
/// <remarks>
/// Hostile input is refused before it costs anything: YAML anchors, aliases and tags (no alias bombs, no types chosen
/// by the file), more than one document, nesting deeper than <see cref="MaxDepth"/>, more than <see cref="MaxNodes"/>
/// values and duplicate keys.
/// </remarks>
internal static class SpecSyntax
{
    public const int MaxDepth = 16;
    public const int MaxNodes = 10_000;

    public static Result<SpecNode> Parse(string text, bool json) => json ? ParseJson(text) : ParseYaml(text);

    private static Result<SpecNode> ParseYaml(string text)
    {
        var parser = new Parser(new StringReader(text));
        var nodes = 0;
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
                return Error.InvalidInput("line 1: the file is empty.");
            parser.Consume<DocumentStart>();
            if (!ReadYaml(parser, depth: 0, ref nodes).TryGetValue(out var root, out var error))
                return error;
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
                return Error.InvalidInput($"line {parser.Current?.Start.Line}: the file holds more than one YAML document; a spec is one.");
            return root;
        }
        catch (YamlException e)
        {
            var message = (e.InnerException ?? e).Message;
            var problem = message.Contains("): ", StringComparison.Ordinal) ? message[(message.IndexOf("): ", StringComparison.Ordinal) + 3)..] : message;
            return Error.InvalidInput($"line {e.Start.Line}: the YAML does not parse: {problem}");
        }
    }

    private static Result<SpecNode> ReadYaml(IParser parser, int depth, ref int nodes)
    {
        var current = parser.Current!;
        var line = (int)current.Start.Line;
        if (++nodes > MaxNodes)
            return Error.TooLarge($"line {line}: the file holds more than {MaxNodes} values.");
        if (depth > MaxDepth)
            return Error.InvalidInput($"line {line}: the values nest deeper than {MaxDepth} levels.");
        switch (current)
        {
            case AnchorAlias:
                return Error.InvalidInput($"line {line}: YAML aliases ('*name') are not allowed in a spec.");
            case NodeEvent { Anchor.IsEmpty: false }:
                return Error.InvalidInput($"line {line}: YAML anchors ('&name') are not allowed in a spec.");
            case NodeEvent { Tag.IsEmpty: false } tagged when tagged is not Scalar { Tag.Value: "tag:yaml.org,2002:str" }:
                return Error.InvalidInput($"line {line}: YAML tags ('!{tagged.Tag.Value}') are not allowed in a spec.");
            case Scalar scalar:
                parser.MoveNext();
                return new SpecScalar(line, scalar.Value, scalar.Style is not ScalarStyle.Plain);
            case SequenceStart:
            {
                parser.MoveNext();
                var items = new List<SpecNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    if (!ReadYaml(parser, depth + 1, ref nodes).TryGetValue(out var item, out var error))
                        return error;
                    items.Add(item);
                }
                return new SpecSequence(line, items);
            }
            case MappingStart:
            {
                parser.MoveNext();
                var entries = new List<SpecEntry>();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyLine = (int)parser.Current!.Start.Line;
                    if (!ReadYaml(parser, depth + 1, ref nodes).TryGetValue(out var key, out var error))
                        return error;
                    if (key is not SpecScalar { IsNull: false } keyScalar)
                        return Error.InvalidInput($"line {keyLine}: a key must be text, not {key.Describe()}.");
                    if (entries.Any(e => e.Key == keyScalar.Text))
                        return Error.InvalidInput($"line {keyLine}: the key '{keyScalar.Text}' appears twice in the same mapping.");
                    if (!ReadYaml(parser, depth + 1, ref nodes).TryGetValue(out var value, out error))
                        return error;
                    entries.Add(new(keyScalar.Text, keyLine, value));
                }
                return new SpecMapping(line, entries);
            }
            default:
                return Error.InvalidInput($"line {line}: unexpected YAML {current.GetType().Name}.");
        }
    }

    private static Result<SpecNode> ParseJson(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        var nodes = 0;
        try
        {
            if (!reader.Read())
                return Error.InvalidInput("line 1: the file is empty.");
            if (!ReadJson(ref reader, bytes, ref nodes).TryGetValue(out var root, out var error))
                return error;
            reader.Read(); // throws when anything but white space follows the value
            return root;
        }
        catch (JsonException e)
        {
            var message = e.Message.Split(" LineNumber:", 2)[0];
            return Error.InvalidInput($"line {e.LineNumber + 1}: the JSON does not parse: {message}");
        }
    }

    private static Result<SpecNode> ReadJson(ref Utf8JsonReader reader, byte[] bytes, ref int nodes)
    {
        var line = LineOf(bytes, reader.TokenStartIndex);
        if (++nodes > MaxNodes)
            return Error.TooLarge($"line {line}: the file holds more than {MaxNodes} values.");
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var entries = new List<SpecEntry>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    var keyLine = LineOf(bytes, reader.TokenStartIndex);
                    if (entries.Any(e => e.Key == key))
                        return Error.InvalidInput($"line {keyLine}: the key '{key}' appears twice in the same object.");
                    reader.Read();
                    if (!ReadJson(ref reader, bytes, ref nodes).TryGetValue(out var value, out var error))
                        return error;
                    entries.Add(new(key, keyLine, value));
                }
                return new SpecMapping(line, entries);
            }
            case JsonTokenType.StartArray:
            {
                var items = new List<SpecNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!ReadJson(ref reader, bytes, ref nodes).TryGetValue(out var item, out var error))
                        return error;
                    items.Add(item);
                }
                return new SpecSequence(line, items);
            }
            case JsonTokenType.String:
                return new SpecScalar(line, reader.GetString()!, Quoted: true);
            case JsonTokenType.Null:
                return new SpecScalar(line, "null", Quoted: false);
            default:
                return new SpecScalar(line, Encoding.UTF8.GetString(reader.ValueSpan), Quoted: false);
        }
    }

    private static int LineOf(byte[] bytes, long index) => bytes.AsSpan(0, (int)index).Count((byte)'\n') + 1;
}
