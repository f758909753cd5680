using Capstan.Core.Errors;
using Capstan.Testing.Files;
using Capstan.Training.Data;
using Capstan.Training.Pipelines;
using Capstan.Training.Tests.Support;

namespace Capstan.Training.Tests.Data;

public sealed class DataChecksTests
{
    [Fact]
    public void Run_PassesTheShippedWeatherData()
    {
        var spec = Weather.Spec(Weather.Yaml(extra: "checks: {min_rows: 1000, max_missing_rate: 0, min_class_share: 0.01, schema: strict}"));

        Assert.Empty(DataChecks.Failures(Weather.Load(spec), spec.Checks));
    }

    [Fact]
    public void Run_NamesEveryFailedCheck()
    {
        var table = Table("a,b,label,extra\n1,x,yes,q\n,y,yes,r\n,z,yes,s\n3,,no,t\n", task: "binary");

        var result = DataChecks.Run(table, new ChecksSpec(MinRows: 5, MaxMissingRate: 0.3, MinClassShare: 0.3, StrictSchema: true));

        Assert.Equal(ErrorCode.InvalidInput, result.Error.Code);
        Assert.Equal("""
            The data fails 4 checks:
            min_rows: the source has 4 rows, fewer than the 5 required.
            max_missing_rate: 'a' is missing in 50.0% of rows (2 of 4), over the 30.0% allowed.
            min_class_share: the rarest class 'false' is 25.0% of rows (1 of 4), under the 30.0% required.
            schema: the source has columns the spec does not declare: 'extra'.
            """.ReplaceLineEndings("\n"), result.Error.Message);
    }

    [Fact]
    public void Run_NeedsTwoClassesToClassify()
    {
        var binary = Table("a,b,label\n1,x,sun\n2,y,sun\n", task: "binary", label: "{name: label, positive: rain}");
        var multiclass = Table("a,b,label\n1,x,sun\n2,y,sun\n", task: "multiclass");
        var checks = new ChecksSpec(1, null, null, false);

        Assert.Equal(["classes: every row is not 'rain'; a binary model needs rows of both classes."], DataChecks.Failures(binary, checks));
        Assert.Equal(["classes: every row has the label 'sun'; a classifier needs at least two classes."], DataChecks.Failures(multiclass, checks));
    }

    [Fact]
    public void Run_CountsTheRarestMulticlassClass()
    {
        var table = Table("a,b,label\n1,x,sun\n2,y,sun\n3,y,sun\n4,z,fog\n", task: "multiclass");

        Assert.Equal(["min_class_share: the rarest class 'fog' is 25.0% of rows (1 of 4), under the 40.0% required."],
            DataChecks.Failures(table, new ChecksSpec(1, null, 0.4, false)));
    }

    private static TrainingTable Table(string csv, string task, string label = "{name: label, positive: yes}")
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.Combine("d.csv"), csv);
        return Weather.Load(Weather.Spec($$"""
            name: t
            model: t
            source: {csv: '{{directory.Combine("d.csv")}}'}
            columns:
              features: {a: numeric, b: categorical}
              label: {{(task == "binary" ? label : "label")}}
            task: {{task}}
            candidates: [{trainer: lightgbm}]
            """));
    }
}
