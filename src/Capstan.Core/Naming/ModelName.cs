using Capstan.Core.Errors;

namespace Capstan.Core.Naming;

/// <summary>A validated model name: the registry key and, later, the serving name.</summary>
public readonly record struct ModelName
{
    private ModelName(string value) => Value = value;

    /// <summary>The name as text.</summary>
    public string Value { get; }

    /// <summary>Validates <paramref name="value"/> against <see cref="NameRules"/>.</summary>
    public static Result<ModelName> Parse(string? value) =>
        NameRules.Check(value, "model name").Map(v => new ModelName(v));

    /// <inheritdoc />
    public override string ToString() => Value;
}
