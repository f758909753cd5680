using Capstan.Core.Naming;
using FsCheck;
using FsCheck.Fluent;

namespace Capstan.Core.Tests.Naming;

public sealed class ModelReferenceTests
{
    [Fact]
    public void Parse_ReadsAVersionNumber()
    {
        var reference = ModelReference.Parse("fraud:3").Value;

        Assert.Equal(("fraud", 3, (AliasName?)null), (reference.Name.Value, reference.Version, reference.Alias));
    }

    [Fact]
    public void Parse_ReadsAnAlias()
    {
        var reference = ModelReference.Parse("fraud@champion").Value;

        Assert.Equal(("fraud", (int?)null, "champion"), (reference.Name.Value, reference.Version, reference.Alias?.Value));
    }

    [Fact]
    public void Parse_ReadsABareNameAsTheLatestVersion()
    {
        Assert.True(ModelReference.Parse("fraud").Value.IsLatest);
    }

    [Theory]
    [InlineData("fraud:0")]
    [InlineData("fraud:-1")]
    [InlineData("fraud:01")]
    [InlineData("fraud:+1")]
    [InlineData("fraud: 1")]
    [InlineData("fraud:1.0")]
    [InlineData("fraud:9999999999")]
    [InlineData("fraud:")]
    [InlineData("fraud@")]
    [InlineData("fraud@1st")]
    [InlineData("fraud:1@champion")]
    [InlineData("fraud@a@b")]
    [InlineData(":1")]
    [InlineData("@champion")]
    [InlineData("../fraud:1")]
    public void Parse_RefusesMalformedReferences(string text)
    {
        Assert.False(ModelReference.Parse(text).IsSuccess);
    }

    [Fact]
    public void Parse_RoundTripsEveryWellFormedReference()
    {
        var nameChars = "abcXYZ019-_.".ToCharArray();
        var names = Gen.Elements(nameChars).NonEmptyListOf().Select(cs => "m" + new string([.. cs]));
        var suffixes = Gen.OneOf(
            Gen.Constant(""),
            Gen.Choose(1, int.MaxValue).Select(v => ":" + v),
            names.Select(a => "@a" + a));
        var references = names.SelectMany(n => suffixes.Select(s => n.Length > 128 ? n[..128] + s : n + s));

        var seeded = Config.QuickThrowOnFailure.WithMaxTest(500).WithReplay(new Replay(new Rnd(20261129UL), Microsoft.FSharp.Core.FSharpOption<int>.None));
        Prop.ForAll(references.ToArbitrary(), text => ModelReference.Parse(text).Value.ToString() == text).Check(seeded);
    }
}
