using System.ComponentModel;
using Capstan.Cli.Application;
using Capstan.Core.Feedback;
using Spectre.Console.Cli;

namespace Capstan.Cli.Feedback;

/// <summary>The arguments of <c>capstan feedback NAME</c>.</summary>
internal sealed class FeedbackSettings : ModelSettings
{
    /// <summary>The labels posted in one request when reading a file.</summary>
    public const int DefaultChunkSize = 1000;

    /// <summary>The request id of a single label.</summary>
    [CommandOption("--request-id <ID>")]
    [Description("The id of the answered request to label (with --label).")]
    public string? RequestId { get; init; }

    /// <summary>The single label, as text.</summary>
    [CommandOption("--label <VALUE>")]
    [Description("Its true label: true or false, a number (a class index or a regression target), or a class name.")]
    public string? Label { get; init; }

    /// <summary>A file of labels.</summary>
    [CommandOption("--file <PATH>")]
    [Description("A .csv file with columns request_id,label, or a .jsonl file of {\"request_id\": ..., \"label\": ...} objects.")]
    public string? File { get; init; }

    /// <summary>How many labels of a file go in one post.</summary>
    [CommandOption("--chunk-size <N>")]
    [Description("Labels per post when sending a file (default 1000, at most 10000).")]
    public int ChunkSize { get; init; } = DefaultChunkSize;

    /// <summary>The most labels one post may carry, for the range check of <see cref="ChunkSize"/>.</summary>
    public static int MaxChunkSize => FeedbackLimits.MaxLabelsPerPost;
}
