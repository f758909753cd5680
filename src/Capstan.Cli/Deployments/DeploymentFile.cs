namespace Capstan.Cli.Deployments;

/// <summary>A whole deployment as <c>capstan apply -f</c> reads it from YAML or JSON; a mutable shape the readers fill.</summary>
internal sealed class DeploymentFile
{
    /// <summary>The model, which is also the serving name.</summary>
    public string? Model { get; set; }

    /// <summary>The stable target; the first variant's when left out.</summary>
    public string? Target { get; set; }

    /// <summary>The versions that take live traffic, the stable one first.</summary>
    public List<VariantEntry>? Variants { get; set; }

    /// <summary>The version that gets a copy of a share of the requests.</summary>
    public ShadowEntry? Shadow { get; set; }

    /// <summary>Where requests carry their sticky key.</summary>
    public StickyEntry? Sticky { get; set; }

    /// <summary>How requests are batched; the defaults for what is left out.</summary>
    public BatchingEntry? Batching { get; set; }

    /// <summary>The outputs to expose; all when left out.</summary>
    public List<string>? Outputs { get; set; }

    /// <summary>One variant: a target and its weight in percent.</summary>
    internal sealed class VariantEntry
    {
        /// <summary>The version.</summary>
        public string? Target { get; set; }

        /// <summary>Its share of the requests, in percent.</summary>
        public int Weight { get; set; }
    }

    /// <summary>The shadow: a target and the percent of requests copied to it.</summary>
    internal sealed class ShadowEntry
    {
        /// <summary>The version.</summary>
        public string? Target { get; set; }

        /// <summary>The share of requests copied, in percent; all when left out.</summary>
        public int Percent { get; set; } = 100;
    }

    /// <summary>The sticky key: a header or a parameter.</summary>
    internal sealed class StickyEntry
    {
        /// <summary>The request header.</summary>
        public string? Header { get; set; }

        /// <summary>The inference parameter.</summary>
        public string? Parameter { get; set; }
    }

    /// <summary>Batching settings.</summary>
    internal sealed class BatchingEntry
    {
        /// <summary>The most rows run together.</summary>
        public int MaxBatchSize { get; set; } = 1;

        /// <summary>How long a batch may wait for more rows, in microseconds.</summary>
        public int MaxQueueDelayMicroseconds { get; set; }

        /// <summary>The most requests waiting or running.</summary>
        public int MaxQueueSize { get; set; } = 1024;
    }
}
