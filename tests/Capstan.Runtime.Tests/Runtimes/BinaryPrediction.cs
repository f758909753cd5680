namespace Capstan.Runtime.Tests.Runtimes;

/// <summary>The outputs of the breast cancer ML.NET model, as a PredictionEngine reads them.</summary>
internal sealed class BinaryPrediction
{
    public bool PredictedLabel { get; set; }
    public float Score { get; set; }
    public float Probability { get; set; }
}
