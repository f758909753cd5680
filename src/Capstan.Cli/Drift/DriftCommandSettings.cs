using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Drift;

/// <summary>The arguments of <c>capstan drift</c>.</summary>
internal sealed class DriftCommandSettings : ModelSettings
{
    /// <summary>How far back from now to read the inference log.</summary>
    [CommandOption("--window <DURATION>")]
    [Description("The window that ends now: 30m, 1h, 7d (default: the server's drift window, 1h unless configured).")]
    public string? Window { get; init; }

    /// <summary>The test for every feature.</summary>
    [CommandOption("--test <TEST>")]
    [Description("One test for every feature: ks, chisquare, z, wasserstein, jensenshannon or psi (default: each feature's own, as Evidently chooses).")]
    public string? Test { get; init; }

    /// <summary>The test's threshold.</summary>
    [CommandOption("--threshold <NUMBER>")]
    [Description("The test's threshold: the p-value below which, or the distance at or above which, a feature drifted (needs --test).")]
    public double? Threshold { get; init; }

    /// <summary>The drifted share at which the dataset drifted.</summary>
    [CommandOption("--share <NUMBER>")]
    [Description("The share of drifted features at or above which the dataset drifted (default: the server's, 0.5 unless configured).")]
    public double? Share { get; init; }

    /// <summary>Where to write the HTML report.</summary>
    [CommandOption("--html <FILE>")]
    [Description("Also write a self-contained HTML report with reference-versus-current histograms of every feature.")]
    public string? Html { get; init; }
}
