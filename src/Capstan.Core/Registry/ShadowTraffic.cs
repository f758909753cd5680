namespace Capstan.Core.Registry;

/// <summary>A version that receives a copy of a share of the live requests in the background: its answers are measured and logged, never returned.</summary>
/// <param name="Target">What it serves: <c>name:N</c>, <c>name@alias</c> or <c>name</c>.</param>
/// <param name="Percent">The share of live requests copied to it, 1 to 100.</param>
public sealed record ShadowTraffic(string Target, int Percent);
