namespace Capstan.Serving.Deployments;

/// <summary>How this process reconciles and serves deployments.</summary>
public sealed class ServingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(ServingOptions);

    /// <summary>The private folder where served artifacts are copied, one folder per loaded version.</summary>
    public string WorkDirectory { get; set; } = Path.Combine(".capstan", "serving");

    /// <summary>How often the reconciler looks at the registry when nothing signals a change (changes made through this process act at once).</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(2);
}
