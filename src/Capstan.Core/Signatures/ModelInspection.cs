namespace Capstan.Core.Signatures;

/// <summary>What inspecting an artifact found: its format and its signature.</summary>
/// <param name="Format">The detected format.</param>
/// <param name="Signature">The inputs and outputs read from the artifact.</param>
public sealed record ModelInspection(ModelFormat Format, ModelSignature Signature);
