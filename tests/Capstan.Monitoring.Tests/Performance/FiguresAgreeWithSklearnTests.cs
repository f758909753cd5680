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
            var samples = new Samples(roles.Task, roles.ScoreIsProbability);
            var (truth, predicted, probability) = (testCase.Ints("truth"), testCase.Ints("predicted"), testCase.Doubles("probability"));
            for (var i = 0; i < truth.Length; i++)
            {
                var outputs = Outputs(
                    ("PredictedLabel.output", "BOOL", "[1,1]", predicted[i] == 1 ? "[true]" : "[false]"),
                    ("Probability.output", "FP32", "[1,1]", $"[{probability[i].ToString("R", CultureInfo.InvariantCulture)}]"));
                samples.Add(SampleReader.Read(LabelValue.Of(truth[i] == 1), outputs, roles)!.Value);
            }

            var figures = samples.Figures();

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
            var samples = new Samples(roles.Task, roles.ScoreIsProbability);
            var truth = testCase.Ints("truth");
            var rows = testCase.Rows("probabilities");
            for (var i = 0; i < truth.Length; i++)
            {
                var data = "[" + string.Join(",", rows[i].Select(p => p.ToString("R", CultureInfo.InvariantCulture))) + "]";
                samples.Add(SampleReader.Read(LabelValue.Of(truth[i]).Value, Outputs(("Score", "FP64", $"[1,{rows[i].Length}]", data)), roles)!.Value);
            }

            var figures = samples.Figures();

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
            var samples = new Samples(roles.Task, roles.ScoreIsProbability);
            var (truth, predicted) = (testCase.Doubles("truth"), testCase.Doubles("predicted"));
            for (var i = 0; i < truth.Length; i++)
                samples.Add(SampleReader.Read(LabelValue.Of(truth[i]).Value, Outputs(("variable", "FP64", "[1,1]", $"[{predicted[i].ToString("R", CultureInfo.InvariantCulture)}]")), roles)!.Value);

            var figures = samples.Figures();

            SklearnReference.Agrees(testCase.Number("mae"), figures.Mae, testCase, "MAE");
            SklearnReference.Agrees(testCase.Number("rmse"), figures.Rmse, testCase, "RMSE");
            SklearnReference.Agrees(testCase.Number("r2"), figures.R2, testCase, "R²");
            Assert.Null(figures.Accuracy);
        }
    }

    private static string[] Text(int[] classes) => classes.Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();

    private static JsonElement Outputs(params (string Name, string Type, string Shape, string Data)[] tensors) =>
        JsonDocument.Parse("[" + string.Join(",", tensors.Select(t => $$"""{"name":"{{t.Name}}","datatype":"{{t.Type}}","shape":{{t.Shape}},"data":{{t.Data}}}""")) + "]").RootElement;
}
