namespace Capstan.Server.Hardening;

/// <summary>The web origins whose pages may call the server from a browser (CORS); none by default.</summary>
/// <remarks>
/// A mutable settings class, bound from the configuration section <c>CrossOriginOptions</c> (for example the environment
/// variable <c>CrossOriginOptions__AllowedOrigins__0=https://console.example.com</c>) and checked at start. An origin
/// is a scheme, host and optional port, with no path; a wildcard is refused, so that each trusted page is named.
/// </remarks>
public sealed class CrossOriginOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(CrossOriginOptions);

    /// <summary>The allowed origins, such as <c>https://console.example.com</c>; empty for none.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Throws when an entry is not an http or https origin, which is a configuration mistake to catch at start.</summary>
    public void Validate()
    {
        foreach (var origin in AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/'))
                throw new ArgumentException($"'{origin}' is not an origin such as https://console.example.com.", nameof(AllowedOrigins));
        }
    }
}
