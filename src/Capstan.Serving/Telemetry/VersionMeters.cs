namespace Capstan.Serving.Telemetry;

/// <summary>The meters of one loaded version, one per role a request can reach it in, and how long it took to load.</summary>
/// <param name="Stable">For requests routed to it as the stable variant, or to a model with no routes.</param>
/// <param name="Canary">For requests routed to it as a weighted variant other than the stable one.</param>
/// <param name="Pinned">For requests that name it while it takes no live share.</param>
/// <param name="Shadow">For the copies it runs as the shadow.</param>
/// <param name="LoadDuration">How long loading and warming it took.</param>
public sealed record VersionMeters(VariantMeter Stable, VariantMeter Canary, VariantMeter Pinned, VariantMeter Shadow, TimeSpan LoadDuration);
