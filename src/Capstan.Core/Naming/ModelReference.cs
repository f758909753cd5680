using Capstan.Core.Errors;

namespace Capstan.Core.Naming;

/// <summary>A way to name one version of a model: <c>name:3</c>, <c>name@alias</c>, or <c>name</c> for the latest version.</summary>
public readonly record struct ModelReference
{
    private ModelReference(ModelName name, int? version, AliasName? alias)
    {
        Name = name;
        Version = version;
        Alias = alias;
    }

    /// <summary>The model.</summary>
    public ModelName Name { get; }

    /// <summary>The version number, when the reference names one.</summary>
    public int? Version { get; }

    /// <summary>The alias, when the reference names one.</summary>
    public AliasName? Alias { get; }

    /// <summary>Whether the reference means the latest non-archived version.</summary>
    public bool IsLatest => Version is null && Alias is null;

    /// <summary>A reference to a numbered version.</summary>
    public static ModelReference ToVersion(ModelName name, int version) => new(name, version, null);

    /// <summary>A reference to whatever version an alias points at.</summary>
    public static ModelReference ToAlias(ModelName name, AliasName alias) => new(name, null, alias);

    /// <summary>A reference to the latest non-archived version.</summary>
    public static ModelReference ToLatest(ModelName name) => new(name, null, null);

    /// <summary>Parses <c>name</c>, <c>name:N</c> or <c>name@alias</c>.</summary>
    public static Result<ModelReference> Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return Error.InvalidInput("The model reference is empty; expected 'name', 'name:N' or 'name@alias'.");
        var at = text.IndexOf('@');
        var colon = text.IndexOf(':');
        if (at >= 0 && colon >= 0)
            return Error.InvalidInput($"The model reference '{NameRules.Printable(text)}' has both ':' and '@'; expected 'name', 'name:N' or 'name@alias'.");
        if (at >= 0)
            return ModelName.Parse(text[..at]).Then(name =>
                AliasName.Parse(text[(at + 1)..]).Map(alias => ToAlias(name, alias)));
        if (colon >= 0)
            return ModelName.Parse(text[..colon]).Then(name => ParseVersion(text[(colon + 1)..]).Map(v => ToVersion(name, v)));
        return ModelName.Parse(text).Map(ToLatest);
    }

    /// <summary>Parses a version number: a positive decimal integer without sign, spaces or leading zeros.</summary>
    public static Result<int> ParseVersion(string text)
    {
        if (text.Length == 0 || text[0] == '0' || !text.All(char.IsAsciiDigit)
            || !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
            return Error.InvalidInput($"The version '{NameRules.Printable(text)}' is not a positive whole number up to {int.MaxValue}.");
        return version;
    }

    /// <inheritdoc />
    public override string ToString() =>
        Version is { } v ? $"{Name}:{v}" : Alias is { } a ? $"{Name}@{a}" : Name.Value;
}
