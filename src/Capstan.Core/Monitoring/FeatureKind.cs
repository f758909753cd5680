using System.Text.Json.Serialization;

namespace Capstan.Core.Monitoring;

/// <summary>How a feature's values are compared: as numbers on a line or as unordered categories.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeatureKind>))]
public enum FeatureKind
{
    /// <summary>Real numbers; missing values are NaN.</summary>
    [JsonStringEnumMemberName("numeric")] Numeric,

    /// <summary>Labels; missing values are null.</summary>
    [JsonStringEnumMemberName("categorical")] Categorical,
}
