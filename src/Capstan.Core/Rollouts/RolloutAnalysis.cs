using Capstan.Core.Serving;

namespace Capstan.Core.Rollouts;

/// <summary>One comparison of the canary with the stable version over the requests of one step.</summary>
/// <param name="At">When it was made.</param>
/// <param name="Step">The step it judged, from 1.</param>
/// <param name="Stable">The stable version's requests since the step began.</param>
/// <param name="Canary">The canary's requests since the step began.</param>
/// <param name="Verdict">What it concluded.</param>
/// <param name="Summary">The figures and the conclusion in one sentence, such as "canary error rate 48.0% vs stable 0.0%".</param>
public sealed record RolloutAnalysis(DateTimeOffset At, int Step, TrafficStatistics Stable, TrafficStatistics Canary, RolloutVerdict Verdict, string Summary);
