namespace Capstan.Core.Serving;

/// <summary>What one server process has in memory and how busy it is.</summary>
/// <param name="Ready">Whether the server has reconciled its deployments at least once.</param>
/// <param name="Models">Every loaded version, by model and version.</param>
/// <param name="AllocatedBytes">Managed bytes the process has allocated since it started, for measuring allocations per request.</param>
public sealed record ServerStatus(bool Ready, IReadOnlyList<LoadedModelStatus> Models, long AllocatedBytes);
