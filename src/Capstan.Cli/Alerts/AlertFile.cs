namespace Capstan.Cli.Alerts;

/// <summary>Alert rules as <c>capstan alert apply -f</c> reads them from YAML or JSON; a mutable shape the readers fill.</summary>
internal sealed class AlertFile
{
    /// <summary>The rules, each created or replaced by name.</summary>
    public List<RuleEntry>? Rules { get; set; }

    /// <summary>One rule.</summary>
    internal sealed class RuleEntry
    {
        /// <summary>The rule's name.</summary>
        public string? Name { get; set; }

        /// <summary>The model it watches.</summary>
        public string? Model { get; set; }

        /// <summary>The signal.</summary>
        public string? Signal { get; set; }

        /// <summary>Fire when the signal is above this.</summary>
        public double? Above { get; set; }

        /// <summary>Fire when the signal is below this.</summary>
        public double? Below { get; set; }

        /// <summary>The operator, with <see cref="Threshold"/>, instead of <see cref="Above"/> or <see cref="Below"/>.</summary>
        public string? Comparison { get; set; }

        /// <summary>The value the signal is compared with by <see cref="Comparison"/>.</summary>
        public double? Threshold { get; set; }

        /// <summary>The window, such as <c>5m</c>.</summary>
        public string? Window { get; set; }

        /// <summary>The for-duration, such as <c>5m</c>, or <c>0</c>.</summary>
        public string? For { get; set; }

        /// <summary>A label for the people notified.</summary>
        public string? Severity { get; set; }

        /// <summary>What the alert means.</summary>
        public string? Description { get; set; }

        /// <summary>Where notifications go.</summary>
        public List<WebhookEntry>? Webhooks { get; set; }
    }

    /// <summary>One webhook.</summary>
    internal sealed class WebhookEntry
    {
        /// <summary>The address.</summary>
        public string? Url { get; set; }

        /// <summary><c>json</c> (the default) or <c>slack</c>.</summary>
        public string? Format { get; set; }
    }
}
