namespace Capstan.Core.Registry;

/// <summary>The response header that names the exact version (<c>name:N</c>) an artifact download or an inference answer came from.</summary>
public static class VersionHeader
{
    /// <summary>The header's name, <c>X-Capstan-Version</c>.</summary>
    public const string Name = "X-Capstan-Version";
}
