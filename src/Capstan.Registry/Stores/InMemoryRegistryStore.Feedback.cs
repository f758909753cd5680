using Capstan.Core.Errors;
using Capstan.Core.Feedback;
using Capstan.Core.Naming;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

public sealed partial class InMemoryRegistryStore
{
    private readonly Dictionary<string, Dictionary<string, ReceivedLabel>> _feedback = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<Result<FeedbackReceipt>> AddFeedbackAsync(
        ModelName model, IReadOnlyList<GroundTruth> labels, Actor actor, CancellationToken cancellationToken) =>
        Locked<FeedbackReceipt>(() =>
        {
            if (FeedbackLimits.Check(labels) is { } invalid)
                return invalid;
            if (!_models.ContainsKey(model.Value))
                return StoreErrors.ModelNotFound(model.Value);
            var now = StoreClock.Now(_time);
            if (!_feedback.TryGetValue(model.Value, out var stored))
                _feedback.Add(model.Value, stored = new Dictionary<string, ReceivedLabel>(StringComparer.Ordinal));
            var replaced = 0;
            foreach (var label in labels)
            {
                if (stored.ContainsKey(label.RequestId))
                    replaced++;
                stored[label.RequestId] = new ReceivedLabel(model.Value, label.RequestId, label.Label, now, actor.Name);
            }
            return Audited(new FeedbackReceipt(model.Value, labels.Count, replaced, now), actor, now, AuditEvents.FeedbackAdded);
        });

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<ReceivedLabel>>> GetFeedbackAsync(
        ModelName model, IReadOnlyCollection<string> requestIds, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<ReceivedLabel>>(() =>
        {
            if (!_models.ContainsKey(model.Value))
                return StoreErrors.ModelNotFound(model.Value);
            var stored = _feedback.GetValueOrDefault(model.Value);
            return requestIds.Distinct(StringComparer.Ordinal)
                .Select(id => stored?.GetValueOrDefault(id))
                .OfType<ReceivedLabel>()
                .ToList();
        });

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<ReceivedLabel>>> ListFeedbackAsync(
        ModelName model, DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<ReceivedLabel>>(() =>
        {
            if (FeedbackRules.CheckLimit(limit) is { } invalid)
                return invalid;
            if (!_models.ContainsKey(model.Value))
                return StoreErrors.ModelNotFound(model.Value);
            var (from, to) = (StoreClock.Normalize(since), StoreClock.Normalize(until));
            return (_feedback.GetValueOrDefault(model.Value)?.Values ?? Enumerable.Empty<ReceivedLabel>())
                .Where(l => l.ReceivedAt >= from && l.ReceivedAt < to)
                .OrderBy(l => l.ReceivedAt)
                .ThenBy(l => l.RequestId, StringComparer.Ordinal)
                .Take(limit)
                .ToList();
        });
}
