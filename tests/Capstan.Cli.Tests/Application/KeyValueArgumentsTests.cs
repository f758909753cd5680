using Capstan.Cli.Application;
using Capstan.Core.Errors;

namespace Capstan.Cli.Tests.Application;

public sealed class KeyValueArgumentsTests
{
    [Fact]
    public void Parse_ReadsEveryPair()
    {
        var pairs = KeyValueArguments.Parse(["team=risk", "stage=prod"], "--tag").Value;

        Assert.Equal(new Dictionary<string, string> { ["team"] = "risk", ["stage"] = "prod" }, pairs);
    }

    [Fact]
    public void Parse_KeepsEqualsSignsAndEmptinessInTheValue()
    {
        var pairs = KeyValueArguments.Parse(["query=a=b", "note="], "--param").Value;

        Assert.Equal(("a=b", ""), (pairs["query"], pairs["note"]));
    }

    [Fact]
    public void Parse_GivesNothingForNoPairs()
    {
        Assert.Empty(KeyValueArguments.Parse(null, "--tag").Value);
    }

    [Theory]
    [InlineData("team", "is not KEY=VALUE")]
    [InlineData("=risk", "key is empty")]
    [InlineData("a b=risk", "a space")]
    [InlineData("a/x=1", "path separator")]
    [InlineData(".x=1", "starts with")]
    public void Parse_RefusesMalformedPairs(string pair, string reason)
    {
        var error = KeyValueArguments.Parse([pair], "--tag").Error;

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Contains(reason, error.Message);
        Assert.Contains("--tag", error.Message);
    }

    [Fact]
    public void Parse_RefusesAKeyGivenTwice()
    {
        var error = KeyValueArguments.Parse(["team=risk", "team=ops"], "--tag").Error;

        Assert.Equal("--tag 'team' is given more than once.", error.Message);
    }

    [Fact]
    public void ParseNumbers_ReadsInvariantNotation()
    {
        var metrics = KeyValueArguments.ParseNumbers(["auc=0.97", "loss=1e-3", "n=-4"], "--metric").Value;

        Assert.Equal(new Dictionary<string, double> { ["auc"] = 0.97, ["loss"] = 0.001, ["n"] = -4 }, metrics);
    }

    [Theory]
    [InlineData("auc=high")]
    [InlineData("auc=0,97")]
    [InlineData("auc=NaN")]
    [InlineData("auc=Infinity")]
    [InlineData("auc=")]
    public void ParseNumbers_RefusesValuesThatAreNotFiniteNumbers(string pair)
    {
        var error = KeyValueArguments.ParseNumbers([pair], "--metric").Error;

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Contains("not a finite number", error.Message);
    }

    [Theory]
    [InlineData("team")]
    [InlineData("team=risk")]
    [InlineData("team=")]
    public void CheckFilter_AcceptsAKeyWithOrWithoutAValue(string filter)
    {
        Assert.Equal(filter, KeyValueArguments.CheckFilter(filter, "--tag").Value);
    }

    [Fact]
    public void CheckFilter_RefusesABadKey()
    {
        Assert.Equal(ErrorCode.InvalidInput, KeyValueArguments.CheckFilter("a/b=c", "--tag").Error.Code);
    }
}
