using Capstan.Core.Errors;

namespace Capstan.Core.Naming;

/// <summary>A validated alias such as <c>champion</c> or <c>staging</c>, which points at one version of a model.</summary>
/// <remarks>An alias follows <see cref="NameRules"/> and must start with a letter, so it never reads as a version number.</remarks>
public readonly record struct AliasName
{
    private AliasName(string value) => Value = value;

    /// <summary>The alias as text.</summary>
    public string Value { get; }

    /// <summary>Validates <paramref name="value"/> as an alias.</summary>
    public static Result<AliasName> Parse(string? value) =>
        NameRules.Check(value, "alias").Then<AliasName>(v => char.IsAsciiLetter(v[0])
            ? new AliasName(v)
            : Error.InvalidInput($"The alias '{v}' must start with a letter."));

    /// <inheritdoc />
    public override string ToString() => Value;
}
