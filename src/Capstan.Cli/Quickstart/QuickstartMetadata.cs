using System.Globalization;
using Capstan.Core.Registry;
using Capstan.Training.Datasets;
using Capstan.Training.Trainers;

namespace Capstan.Cli.Quickstart;

/// <summary>What the quickstart records with each model it registers: the holdout metrics, the training parameters, the card and the data's fingerprint.</summary>
internal static class QuickstartMetadata
{
    /// <summary>The alias the quickstart points at what it registers.</summary>
    public const string Alias = "champion";

    /// <summary>The metadata for one form of <paramref name="trained"/>, derived from <paramref name="parent"/> when given.</summary>
    public static PushMetadata For(TrainedModel trained, string format, string? parent) => new(
        Alias: Alias,
        Metrics: new Dictionary<string, double>
        {
            ["accuracy"] = trained.Metrics.Accuracy,
            ["auc"] = trained.Metrics.AreaUnderRocCurve,
            ["f1"] = trained.Metrics.F1Score,
            ["precision"] = trained.Metrics.Precision,
            ["recall"] = trained.Metrics.Recall,
            ["log-loss"] = trained.Metrics.LogLoss,
            ["holdout-rows"] = trained.Metrics.HoldoutCount,
        },
        Params: new Dictionary<string, string>
        {
            ["trainer"] = "FastTree",
            ["seed"] = Text(trained.Parameters.Seed),
            ["holdout-fraction"] = Text(trained.Parameters.HoldoutFraction),
            ["trees"] = Text(trained.Parameters.NumberOfTrees),
            ["leaves"] = Text(trained.Parameters.NumberOfLeaves),
            ["min-examples-per-leaf"] = Text(trained.Parameters.MinimumExampleCountPerLeaf),
            ["learning-rate"] = Text(trained.Parameters.LearningRate),
        },
        Tags: new Dictionary<string, string> { ["source"] = "capstan quickstart", ["format"] = format },
        Description: $"Gradient-boosted trees that tell malignant from benign tumours ({format}).",
        ModelCard: trained.ModelCard,
        Lineage: new Lineage(DataFingerprint: BreastCancerDataset.Fingerprint(), Parent: parent),
        PushedBy: Environment.UserName);

    private static string Text(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
