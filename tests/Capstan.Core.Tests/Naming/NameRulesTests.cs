using Capstan.Core.Errors;
using Capstan.Core.Naming;

namespace Capstan.Core.Tests.Naming;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("fraud")]
    [InlineData("Fraud-Detector_v2.1")]
    [InlineData("a")]
    [InlineData("0day")]
    [InlineData("a..b")]
    public void ModelName_AcceptsTheClosedCharacterSet(string name)
    {
        Assert.Equal(name, ModelName.Parse(name).Value.Value);
    }

    [Fact]
    public void ModelName_AcceptsExactly128Characters()
    {
        Assert.True(ModelName.Parse(new string('m', 128)).IsSuccess);
        Assert.Contains("at most 128", ModelName.Parse(new string('m', 129)).Error.Message);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(null, "empty")]
    [InlineData("..", "starts with '.'")]
    [InlineData(".hidden", "starts with '.'")]
    [InlineData("a/../b", "path separator '/'")]
    [InlineData("/etc/passwd", "path separator '/'")]
    [InlineData("..\\..\\x", "starts with '.'")]
    [InlineData("x\\..\\y", "path separator '\\'")]
    [InlineData("%2e%2e", "percent sign")]
    [InlineData("a%2F..%2Fb", "percent sign")]
    [InlineData(" fraud", "a space")]
    [InlineData("fraud ", "a space")]
    [InlineData("fraud\t", "control character \\u0009")]
    [InlineData("fr\0aud", "control character \\u0000")]
    [InlineData("fr\u0430ud", "non-ASCII character \\u0430")]
    [InlineData("ｆraud", "non-ASCII character \\uFF46")]
    [InlineData("file://x", "the character ':'")]
    [InlineData("a#frag", "the character '#'")]
    public void ModelName_RefusesTraversalPaddingControlAndLookAlikeCharacters(string? name, string expected)
    {
        var result = ModelName.Parse(name);

        Assert.Equal(ErrorCode.InvalidInput, result.Error.Code);
        Assert.Contains(expected, result.Error.Message);
    }

    [Fact]
    public void Printable_EscapesInvisibleCharactersSoTheMessageShowsThem()
    {
        Assert.Equal("fr\\u0000a\\u202Eud", NameRules.Printable("fr\0a\u202Eud"));
    }

    [Theory]
    [InlineData("champion", true)]
    [InlineData("staging-2", true)]
    [InlineData("2nd", false)]
    [InlineData("_x", false)]
    [InlineData("a b", false)]
    public void AliasName_MustStartWithALetter(string alias, bool valid)
    {
        Assert.Equal(valid, AliasName.Parse(alias).IsSuccess);
    }
}
