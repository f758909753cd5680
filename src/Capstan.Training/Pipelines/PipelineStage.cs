namespace Capstan.Training.Pipelines;

/// <summary>The stages of a pipeline run, in the order they happen.</summary>
public enum PipelineStage
{
    /// <summary>Reading the source.</summary>
    Loading,

    /// <summary>Running the data checks.</summary>
    Checking,

    /// <summary>Training and evaluating the search's trials.</summary>
    Training,

    /// <summary>Evaluating the champion on the holdout.</summary>
    Champion,

    /// <summary>Measuring the candidate's latency per row.</summary>
    Latency,

    /// <summary>Writing the model files.</summary>
    Saving,
}
