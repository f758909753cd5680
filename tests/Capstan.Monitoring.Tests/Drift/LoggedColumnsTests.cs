using System.Text.Json;
using Capstan.Core.Monitoring;
using Capstan.Core.Serving;
using Capstan.Monitoring.Drift;
using Capstan.Monitoring.Profiles;

namespace Capstan.Monitoring.Tests.Drift;

public sealed class LoggedColumnsTests
{
    private static readonly ProfiledColumn[] Columns =
    [
        new("x", 1, FeatureProfiler.Numeric("x[1]", [1.0])),
        new("x", 0, FeatureProfiler.Numeric("x[0]", [1.0])),
        new("city", 0, FeatureProfiler.Categorical("city", ["a"])),
        new("flag", 0, FeatureProfiler.Numeric("flag", [0.0, 1.0])),
    ];

    private static LoggedInference Record(string inputs) =>
        new(DateTimeOffset.UnixEpoch, "r", "m", "1", "stable", 1, JsonElement.Parse(inputs), JsonElement.Parse("[]"));

    [Fact]
    public void Extract_TurnsEachLoggedRowOfEveryRequestIntoOneValuePerColumn()
    {
        LoggedInference[] records =
        [
            Record("""[{"name":"x","datatype":"FP32","shape":[2,2],"data":[1,2,3,4]},{"name":"city","datatype":"BYTES","shape":[2],"data":["Oslo",""]},{"name":"flag","datatype":"BOOL","shape":[2,1],"data":[true,false]}]"""),
            Record("""[{"name":"x","datatype":"FP32","shape":[1,2],"data":["NaN","Infinity"]},{"name":"city","datatype":"BYTES","shape":[1],"data":["Rome"]}]"""),
        ];

        var logged = LoggedColumns.Extract(records, Columns, r => r.Inputs);

        Assert.Equal(3, logged.Rows);
        Assert.Equal([2.0, 4.0, double.NaN], logged.Numbers[0]!);
        Assert.Equal([1.0, 3.0, double.NaN], logged.Numbers[1]!);
        Assert.Equal(["Oslo", null, "Rome"], logged.Labels[2]!);
        Assert.Equal([1.0, 0.0, double.NaN], logged.Numbers[3]!);
        Assert.Equal([2, 2, 2, 2], Enumerable.Range(0, 4).Select(logged.Present));
    }

    [Fact]
    public void Extract_MarksARedactedTensorsColumnsAndLeavesThemMissing()
    {
        var logged = LoggedColumns.Extract(
            [Record("""[{"name":"x","datatype":"FP32","shape":[1,2],"data":"[redacted]"},{"name":"city","datatype":"BYTES","shape":[1],"data":["Oslo"]}]""")],
            Columns, r => r.Inputs);

        Assert.Equal([true, true, false, false], logged.Redacted);
        Assert.Equal([0, 0, 1, 0], Enumerable.Range(0, 4).Select(logged.Present));
    }
}
