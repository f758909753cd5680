namespace Capstan.Registry.Service;

/// <summary>Limits the registry applies to pushes.</summary>
public sealed class RegistryOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(RegistryOptions);

    /// <summary>The largest artifact accepted, in bytes (default 2 GiB).</summary>
    public long MaxArtifactBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}
