using System.Data.Common;
using Capstan.Core.Errors;
using Capstan.Core.Feedback;
using Capstan.Core.Naming;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

internal sealed partial class SqlRegistryStore
{
    /// <summary>How many labels one statement writes or looks up, well inside both databases' parameter limits.</summary>
    private const int FeedbackChunk = 200;

    private const string FeedbackColumns = "request_id, label, received_at, received_by";

    /// <inheritdoc />
    public Task<Result<FeedbackReceipt>> AddFeedbackAsync(
        ModelName model, IReadOnlyList<GroundTruth> labels, Actor actor, CancellationToken cancellationToken)
    {
        if (FeedbackLimits.Check(labels) is { } invalid)
            return Task.FromResult<Result<FeedbackReceipt>>(invalid);
        var name = model.Value;
        return WriteAsync<FeedbackReceipt>(async (db, now) =>
        {
            if (!await LockModelAsync(db, name, cancellationToken))
                return StoreErrors.ModelNotFound(name);
            var replaced = 0;
            foreach (var chunk in labels.Chunk(FeedbackChunk))
            {
                var (ids, idParameters) = RequestIdParameters(chunk.Select(l => l.RequestId));
                replaced += await db.FirstOrDefaultAsync(
                    $"SELECT CAST(COUNT(*) AS INTEGER) FROM feedback WHERE model = @model AND request_id IN ({ids})",
                    r => r.GetInt32(0), cancellationToken, [.. idParameters, ("model", name)]);
                var rows = new List<string>(chunk.Length);
                var parameters = new List<(string, object?)> { ("model", name), ("now", now), ("by", actor.Name) };
                for (var i = 0; i < chunk.Length; i++)
                {
                    rows.Add($"(@model, @r{i}, @l{i}, @now, @by)");
                    parameters.Add(($"r{i}", chunk[i].RequestId));
                    parameters.Add(($"l{i}", chunk[i].Label.ToJson()));
                }
                await db.ExecuteAsync(
                    $"""
                    INSERT INTO feedback (model, request_id, label, received_at, received_by) VALUES {string.Join(", ", rows)}
                    ON CONFLICT (model, request_id) DO UPDATE
                    SET label = excluded.label, received_at = excluded.received_at, received_by = excluded.received_by
                    """,
                    cancellationToken, [.. parameters]);
            }
            var receipt = new FeedbackReceipt(name, labels.Count, replaced, now);
            await AuditAsync(db, now, actor, AuditEvents.FeedbackAdded(receipt), cancellationToken);
            return receipt;
        }, StoreErrors.ModelNotFound(name), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<ReceivedLabel>>> GetFeedbackAsync(
        ModelName model, IReadOnlyCollection<string> requestIds, CancellationToken cancellationToken) =>
        ReadAsync<Result<IReadOnlyList<ReceivedLabel>>>(async db =>
        {
            if (!await ModelExistsAsync(db, model.Value, cancellationToken))
                return StoreErrors.ModelNotFound(model.Value);
            var found = new List<ReceivedLabel>();
            foreach (var chunk in requestIds.Distinct(StringComparer.Ordinal).Chunk(FeedbackChunk))
            {
                var (ids, parameters) = RequestIdParameters(chunk);
                found.AddRange(await db.QueryAsync(
                    $"SELECT {FeedbackColumns} FROM feedback WHERE model = @model AND request_id IN ({ids})",
                    r => ReadLabel(model.Value, r), cancellationToken, [.. parameters, ("model", model.Value)]));
            }
            return found;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<ReceivedLabel>>> ListFeedbackAsync(
        ModelName model, DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        if (FeedbackRules.CheckLimit(limit) is { } invalid)
            return Task.FromResult<Result<IReadOnlyList<ReceivedLabel>>>(invalid);
        return ReadAsync<Result<IReadOnlyList<ReceivedLabel>>>(async db =>
        {
            if (!await ModelExistsAsync(db, model.Value, cancellationToken))
                return StoreErrors.ModelNotFound(model.Value);
            return await db.QueryAsync(
                $"""
                SELECT {FeedbackColumns} FROM feedback WHERE model = @model AND received_at >= @since AND received_at < @until
                ORDER BY received_at, request_id LIMIT @limit
                """,
                r => ReadLabel(model.Value, r), cancellationToken,
                ("model", model.Value), ("since", StoreClock.Normalize(since)), ("until", StoreClock.Normalize(until)), ("limit", limit));
        }, cancellationToken);
    }

    private static (string Placeholders, (string Name, object? Value)[] Parameters) RequestIdParameters(IEnumerable<string> requestIds)
    {
        var parameters = requestIds.Select((id, i) => ($"id{i}", (object?)id)).ToArray();
        return (string.Join(", ", parameters.Select(p => "@" + p.Item1)), parameters);
    }

    private static ReceivedLabel ReadLabel(string model, DbDataReader r) =>
        new(model, r.GetString(0), FromJson<LabelValue>(r.GetString(1)), r.GetFieldValue<DateTimeOffset>(2), r.GetString(3));
}
