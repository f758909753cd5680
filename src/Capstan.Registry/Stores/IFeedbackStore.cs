using Capstan.Core.Errors;
using Capstan.Core.Feedback;
using Capstan.Core.Naming;
using Capstan.Core.Security;

namespace Capstan.Registry.Stores;

/// <summary>The ground-truth labels posted for a model's answered requests, one per request id.</summary>
/// <remarks>
/// Each method is one transaction. A label posted again for a request id replaces the one stored for it (its label,
/// time and poster); there is never more than one label per model and request id. Safe to call concurrently from many
/// threads and processes.
/// </remarks>
public interface IFeedbackStore
{
    /// <summary>Stores <paramref name="labels"/> for <paramref name="model"/> in one transaction, replacing the labels earlier posts gave the same request ids.</summary>
    /// <remarks>
    /// NotFound when the model does not exist; InvalidInput (and nothing stored) when the post breaks
    /// <see cref="FeedbackLimits.Check"/>: no labels, too many, a bad or repeated request id. Audited as one
    /// <c>feedback.add</c> entry for the whole post that gives the count received and replaced, not one per label.
    /// </remarks>
    Task<Result<FeedbackReceipt>> AddFeedbackAsync(ModelName model, IReadOnlyList<GroundTruth> labels, Actor actor, CancellationToken cancellationToken);

    /// <summary>Gets the labels stored for those of <paramref name="requestIds"/> that have one, in no particular order; NotFound when the model does not exist.</summary>
    Task<Result<IReadOnlyList<ReceivedLabel>>> GetFeedbackAsync(ModelName model, IReadOnlyCollection<string> requestIds, CancellationToken cancellationToken);

    /// <summary>Lists the labels received from <paramref name="since"/> up to (not including) <paramref name="until"/>, oldest first (then by request id), at most <paramref name="limit"/>; NotFound when the model does not exist.</summary>
    /// <remarks>A replaced label counts as received when it was replaced.</remarks>
    Task<Result<IReadOnlyList<ReceivedLabel>>> ListFeedbackAsync(
        ModelName model, DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken);
}
