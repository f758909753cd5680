namespace Capstan.Core.Registry;

/// <summary>One version a deployment sends live traffic to, and its share.</summary>
/// <param name="Target">What it serves: <c>name:N</c>, <c>name@alias</c> or <c>name</c> (the latest version).</param>
/// <param name="Weight">Its share of the live requests, in percent; the weights of a deployment's variants add up to 100.</param>
public sealed record TrafficVariant(string Target, int Weight);
