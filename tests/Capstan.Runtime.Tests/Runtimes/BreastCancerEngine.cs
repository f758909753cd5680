using Capstan.Testing.Models;
using Capstan.Training.Datasets;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Runtime.Tests.Runtimes;

/// <summary>Runs the breast cancer ML.NET model in process, the way an application that embeds ML.NET would.</summary>
internal static class BreastCancerEngine
{
    /// <summary>A new PredictionEngine over the breast cancer ML.NET zip, reading <see cref="LabeledSample"/> rows.</summary>
    public static PredictionEngine<LabeledSample, BinaryPrediction> Create()
    {
        var ml = new MLContext();
        var schema = SchemaDefinition.Create(typeof(LabeledSample));
        schema[nameof(LabeledSample.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 30);
        return ml.Model.CreatePredictionEngine<LabeledSample, BinaryPrediction>(
            ml.Model.Load(TestModels.BreastCancerMlNet, out _), inputSchemaDefinition: schema);
    }
}
