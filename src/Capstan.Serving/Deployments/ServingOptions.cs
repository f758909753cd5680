namespace Capstan.Serving.Deployments;

/// <summary>How this process reconciles and serves deployments.</summary>
public sealed class ServingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(ServingOptions);

    /// <summary>The private folder where served artifacts are copied, one folder per loaded version.</summary>
    public string WorkDirectory { get; set; } = Path.Combine(".capstan", "serving");

    /// <summary>The memory the loaded models may hold together, in bytes; past it the least recently used idle model is unloaded and loads again on its next request. 0 means half of the memory available to the process.</summary>
    public long MemoryBudgetBytes { get; set; }

    /// <summary>How long a request for an unloaded model waits for it to load again before it is answered as not ready.</summary>
    public TimeSpan LoadOnDemandTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The memory budget in bytes, with 0 resolved to half of the memory available to the process.</summary>
    public long EffectiveMemoryBudget => MemoryBudgetBytes > 0 ? MemoryBudgetBytes : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    /// <summary>The seed of weighted random routing and of the shadow share, so a run can be repeated; null draws one at start.</summary>
    public long? RoutingSeed { get; set; }

    /// <summary>The most shadow copies waiting to run; past it copies are dropped and counted, never waited for.</summary>
    public int ShadowQueueSize { get; set; } = 256;

    /// <summary>How often the reconciler looks at the registry when nothing signals a change (changes made through this process act at once).</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(2);
}
