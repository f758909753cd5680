using System.ComponentModel;
using Capstan.Cli.Application;
using Spectre.Console.Cli;

namespace Capstan.Cli.Predict;

/// <summary>The arguments of <c>capstan predict NAME --input FILE</c>.</summary>
internal sealed class PredictSettings : ModelSettings
{
    /// <summary>The rows sent in one request when none is given.</summary>
    public const int DefaultChunkSize = 1000;

    /// <summary>The most rows one request may carry.</summary>
    public const int MaxChunkSize = 100_000;

    /// <summary>The file of rows to predict.</summary>
    [CommandOption("--input <PATH>")]
    [Description("The rows: a .csv file with a header of column names (unquoted numbers and true/false are sent as values, quoted cells as text, \"[[1,2,3]]\" as an array), "
        + "a .json file of {\"instances\": [[...]]} or an array of row objects, or a .jsonl file of row objects.")]
    public string? Input { get; init; }

    /// <summary>A file to write the predictions to instead of printing them.</summary>
    [CommandOption("--output <PATH>")]
    [Description("Write each row's outputs to a .csv or .jsonl file instead of printing a table; the file appears whole or not at all.")]
    public string? Output { get; init; }

    /// <summary>How many rows go in one request.</summary>
    [CommandOption("--chunk-size <N>")]
    [Description("Rows per request (default 1000, at most 100000).")]
    public int ChunkSize { get; init; } = DefaultChunkSize;
}
