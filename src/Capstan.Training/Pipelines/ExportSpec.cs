namespace Capstan.Training.Pipelines;

/// <summary>Which formats the trained model is written in besides the ML.NET zip.</summary>
/// <param name="Onnx">Whether to convert the model to ONNX too; a pipeline ML.NET cannot convert leaves the reason in the run's result instead.</param>
public sealed record ExportSpec(bool Onnx);
