using System.Globalization;

namespace Capstan.Training.Datasets;

/// <summary>The Breast Cancer Wisconsin (Diagnostic) data set that ships inside Capstan: 569 tumours, 30 numeric features.</summary>
/// <remarks>
/// The positive class is <b>malignant</b> (scikit-learn's target 0), so precision and recall describe how well a model
/// finds malignant tumours, the class a screening model exists to catch. The embedded CSV is scikit-learn's copy: a
/// header line of row count, feature count and class names, then 30 feature values and the target on every line.
/// </remarks>
public static class BreastCancerDataset
{
    /// <summary>The name of the embedded CSV resource.</summary>
    public const string ResourceName = "Capstan.Training.Data.breast_cancer.csv";

    /// <summary>The SHA-256 of the embedded CSV as <c>sha256:&lt;hex&gt;</c>, for the lineage of models trained on it.</summary>
    public static string Fingerprint()
    {
        using var stream = OpenResource();
        return "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    /// <summary>Reads the embedded data set.</summary>
    public static LabeledDataset Load()
    {
        using var stream = OpenResource();
        using var reader = new StreamReader(stream);
        var header = reader.ReadLine()?.Split(',')
            ?? throw new InvalidDataException("The breast cancer CSV is empty.");
        var (rowCount, featureCount) = (int.Parse(header[0], CultureInfo.InvariantCulture), int.Parse(header[1], CultureInfo.InvariantCulture));
        var (malignant, benign) = (header[2], header[3]);
        var samples = new List<LabeledSample>(rowCount);
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var fields = line.Split(',');
            if (fields.Length != featureCount + 1)
                throw new InvalidDataException($"Line {samples.Count + 2} of the breast cancer CSV has {fields.Length} fields, not {featureCount + 1}.");
            var features = new float[featureCount];
            for (var i = 0; i < featureCount; i++)
                features[i] = float.Parse(fields[i], CultureInfo.InvariantCulture);
            samples.Add(new LabeledSample(features, Label: fields[featureCount] == "0"));
        }
        if (samples.Count != rowCount)
            throw new InvalidDataException($"The breast cancer CSV has {samples.Count} rows, but its header says {rowCount}.");
        return new LabeledDataset(
            Name: "Breast Cancer Wisconsin (Diagnostic)",
            Source: "UCI Machine Learning Repository (Wolberg, Mangasarian, Street and Street, 1995), as shipped by scikit-learn",
            Licence: "CC BY 4.0",
            PositiveClass: malignant,
            NegativeClass: benign,
            FeatureCount: featureCount,
            Samples: samples);
    }

    private static Stream OpenResource() =>
        typeof(BreastCancerDataset).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"The resource '{ResourceName}' is not embedded in Capstan.Training.");
}
