using System.Globalization;
using System.Text.Json;
using Capstan.Core.Feedback;
using Capstan.Core.Performance;
using Capstan.Monitoring.Performance;

namespace Capstan.Monitoring.Tests.Performance;

/// <summary>Every realized performance figure agrees with scikit-learn (and binary AUC with SciPy's Mann–Whitney U) to 1e-6 on the cases of <c>reference/reference.json</c>.</summary>
public sealed class FiguresAgreeWithSklearnTests
{
    [Fact]
    public void Binary_AccuracyPrecisionRecallF1AucAndLogLossAgree()
    {
        foreach (var testCase in SklearnReference.Binary)
        {
            var truth = testCase.Ints("truth");
            var probability = testCase.Doubles("probability");
            var (accuracy, precision, recall, f1) = ClassificationMetrics.Binary(truth, testCase.Ints("predicted"));
            SklearnReference.Agrees(testCase.Number("accuracy"), accuracy, testCase, "accuracy");
            SklearnReference.Agrees(testCase.Number("precision"), precision, testCase, "precision");
            SklearnReference.Agrees(testCase.Number("recall"), recall, testCase, "recall");
            SklearnReference.Agrees(testCase.Number("f1"), f1, testCase, "F1");
            SklearnReference.Agrees(testCase.Number("auc"), RocAuc.Binary(truth, probability), testCase, "AUC");
            SklearnReference.Agrees(testCase.Number("logLoss"), LogLoss.Binary(truth, probability), testCase, "log loss");
        }
    }

    [Fact]
    public void Multiclass_MacroFiguresOneVsRestAucAndLogLossAgree()
    {
        foreach (var testCase in SklearnReference.Multiclass)
        {
            var truth = testCase.Ints("truth");
            var rows = testCase.Rows("probabilities");
            var (accuracy, precision, recall, f1) = ClassificationMetrics.Macro(Text(truth), Text(testCase.Ints("predicted")));
            SklearnReference.Agrees(testCase.Number("accuracy"), accuracy, testCase, "accuracy");
            SklearnReference.Agrees(testCase.Number("precision"), precision, testCase, "macro precision");
            SklearnReference.Agrees(testCase.Number("recall"), recall, testCase, "macro recall");
            SklearnReference.Agrees(testCase.Number("f1"), f1, testCase, "macro F1");
            SklearnReference.Agrees(testCase.Number("auc"), RocAuc.OneVsRest(truth, rows, rows[0].Length), testCase, "one-vs-rest AUC");
            SklearnReference.Agrees(testCase.Number("logLoss"), LogLoss.Multiclass(truth, rows), testCase, "log loss");
        }
    }

    [Fact]
    public void ClassNames_MacroFiguresAgreeIncludingAClassOnlyEverPredicted()
    {
        foreach (var testCase in SklearnReference.Names)
        {
            var (accuracy, precision, recall, f1) = ClassificationMetrics.Macro(testCase.Strings("truth"), testCase.Strings("predicted"));
            SklearnReference.Agrees(testCase.Number("accuracy"), accuracy, testCase, "accuracy");
            SklearnReference.Agrees(testCase.Number("precision"), precision, testCase, "macro precision");
            SklearnReference.Agrees(testCase.Number("recall"), recall, testCase, "macro recall");
            SklearnReference.Agrees(testCase.Number("f1"), f1, testCase, "macro F1");
        }
    }

    [Fact]
    public void Regression_MaeRmseAndR2AgreeIncludingAConstantTruth()
    {
        foreach (var testCase in SklearnReference.Regression)
        {
            var (mae, rmse, r2) = RegressionMetrics.Compute(testCase.Doubles("truth"), testCase.Doubles("predicted"));
            SklearnReference.Agrees(testCase.Number("mae"), mae, testCase, "MAE");
            SklearnReference.Agrees(testCase.Number("rmse"), rmse, testCase, "RMSE");
            SklearnReference.Agrees(testCase.Number("r2"), r2, testCase, "R²");
        }
    }

    [Fact]
    public void Binary_FromLoggedOutputsAndPostedBooleans_GivesScikitLearnsFigures()
    {
        var roles = new OutputRoles(PerformanceTask.Binary, "PredictedLabel.output", "Probability.output", 1, ScoreIsProbability: true);
        foreach (var testCase in SklearnReference.Binary)
        {
            var (truth, predicted, probability) = (testCase.Ints("truth"), testCase.Ints("predicted"), testCase.Doubles("probability"));

            var figures = FiguresOf(roles, truth.Length, i => (LabelValue.Of(truth[i] == 1), Outputs(
                ("PredictedLabel.output", "BOOL", "[1,1]", predicted[i] == 1 ? "[true]" : "[false]"),
                ("Probability.output", "FP32", "[1,1]", Data(probability[i])))));

            Assert.Equal(truth.Length, figures.Joined);
            SklearnReference.Agrees(testCase.Number("accuracy"), figures.Accuracy, testCase, "accuracy");
            SklearnReference.Agrees(testCase.Number("f1"), figures.F1, testCase, "F1");
            SklearnReference.Agrees(testCase.Number("auc"), figures.Auc, testCase, "AUC");
            SklearnReference.Agrees(testCase.Number("logLoss"), figures.LogLoss, testCase, "log loss");
        }
    }

    [Fact]
    public void Multiclass_FromLoggedScoresAndPostedClassIndices_TakesTheHighestScoreAsThePrediction()
    {
        var roles = new OutputRoles(PerformanceTask.Multiclass, null, "Score", -1, ScoreIsProbability: true);
        foreach (var testCase in SklearnReference.Multiclass.Take(2))
        {
            var (truth, rows) = (testCase.Ints("truth"), testCase.Rows("probabilities"));

            var figures = FiguresOf(roles, truth.Length, i => (LabelValue.Of(truth[i]).Value, Outputs(("Score", "FP64", $"[1,{rows[i].Length}]", Data(rows[i])))));

            SklearnReference.Agrees(testCase.Number("accuracy"), figures.Accuracy, testCase, "accuracy");
            SklearnReference.Agrees(testCase.Number("precision"), figures.Precision, testCase, "macro precision");
            SklearnReference.Agrees(testCase.Number("auc"), figures.Auc, testCase, "one-vs-rest AUC");
            SklearnReference.Agrees(testCase.Number("logLoss"), figures.LogLoss, testCase, "log loss");
        }
    }

    [Fact]
    public void Regression_FromLoggedValuesAndPostedNumbers_GivesScikitLearnsFigures()
    {
        var roles = new OutputRoles(PerformanceTask.Regression, null, "variable", 1, ScoreIsProbability: false);
        foreach (var testCase in SklearnReference.Regression)
        {
            var (truth, predicted) = (testCase.Doubles("truth"), testCase.Doubles("predicted"));

            var figures = FiguresOf(roles, truth.Length, i => (LabelValue.Of(truth[i]).Value, Outputs(("variable", "FP64", "[1,1]", Data(predicted[i])))));

            SklearnReference.Agrees(testCase.Number("mae"), figures.Mae, testCase, "MAE");
            SklearnReference.Agrees(testCase.Number("rmse"), figures.Rmse, testCase, "RMSE");
            SklearnReference.Agrees(testCase.Number("r2"), figures.R2, testCase, "R²");
            Assert.Null(figures.Accuracy);
        }
    }

    /// <summary>The figures of the samples that <paramref name="row"/> gives for each of <paramref name="count"/> logged predictions, read as the server reads them.</summary>
    private static PerformanceFigures FiguresOf(OutputRoles roles, int count, Func<int, (LabelValue Truth, JsonElement Outputs)> row)
    {
        var samples = new Samples(roles.Task, roles.ScoreIsProbability);
        for (var i = 0; i < count; i++)
        {
            var (truth, outputs) = row(i);
            samples.Add(SampleReader.Read(truth, outputs, roles)!.Value);
        }
        return samples.Figures();
    }

    private static string Data(params double[] values) => "[" + string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";

    private static string[] Text(int[] classes) => classes.Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();

    private static JsonElement Outputs(params (string Name, string Type, string Shape, string Data)[] tensors) =>
        JsonDocument.Parse("[" + string.Join(",", tensors.Select(t => $$"""{"name":"{{t.Name}}","datatype":"{{t.Type}}","shape":{{t.Shape}},"data":{{t.Data}}}""")) + "]").RootElement;
}
