using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Push;

/// <summary>The arguments of <c>capstan push</c>.</summary>
internal sealed class PushSettings : ClientSettings
{
    /// <summary>The model name.</summary>
    [CommandArgument(0, "<NAME>")]
    [Description("The model name.")]
    public string Name { get; init; } = "";

    /// <summary>The model file.</summary>
    [CommandArgument(1, "<FILE>")]
    [Description("The ONNX model or ML.NET zip to push.")]
    public string File { get; init; } = "";

    /// <summary>An alias to point at the new version.</summary>
    [CommandOption("--alias <ALIAS>")]
    [Description("Point this alias at the new version.")]
    public string? Alias { get; init; }

    /// <summary>Evaluation metrics as <c>key=number</c>.</summary>
    [CommandOption("--metric <KEY=VALUE>")]
    [Description("An evaluation metric such as auc=0.97; repeatable.")]
    public string[]? Metrics { get; init; }

    /// <summary>Training parameters as <c>key=value</c>.</summary>
    [CommandOption("--param <KEY=VALUE>")]
    [Description("A training parameter; repeatable.")]
    public string[]? Params { get; init; }

    /// <summary>Tags as <c>key=value</c>.</summary>
    [CommandOption("--tag <KEY=VALUE>")]
    [Description("A tag; repeatable.")]
    public string[]? Tags { get; init; }

    /// <summary>A description of the version.</summary>
    [CommandOption("--description <TEXT>")]
    [Description("A description of the version.")]
    public string? Description { get; init; }

    /// <summary>A Markdown file with the model card.</summary>
    [CommandOption("--card <FILE>")]
    [Description("A Markdown file with the model card.")]
    public string? Card { get; init; }

    /// <summary>The version this one was derived from.</summary>
    [CommandOption("--parent <REF>")]
    [Description("The version this one was derived from.")]
    public string? Parent { get; init; }

    /// <summary>A fingerprint of the training data.</summary>
    [CommandOption("--data-fingerprint <TEXT>")]
    [Description("A fingerprint of the training data.")]
    public string? DataFingerprint { get; init; }

    /// <summary>Training data to profile the new version from, right after the push.</summary>
    [CommandOption("--profile-data <FILE>")]
    [Description("Profile the new version from this training data (CSV or Parquet) right after the push, for drift detection.")]
    public string? ProfileData { get; init; }

    /// <summary>The training data file, fingerprinted as <c>sha256:hex</c>.</summary>
    [CommandOption("--data <FILE>")]
    [Description("The training data file; records sha256:<hex> of it.")]
    public string? Data { get; init; }
}
