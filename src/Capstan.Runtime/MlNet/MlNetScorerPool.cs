using System.Collections.Concurrent;

namespace Capstan.Runtime.MlNet;

/// <summary>Idle <see cref="MlNetScorer"/>s for one set of outputs, rented for one call each and returned after it.</summary>
/// <remarks>
/// A rent takes an idle scorer or creates one, so there are as many scorers as calls ever ran at once; a return keeps
/// at most <paramref name="capacity"/> idle and disposes the rest, so a burst of concurrency leaves no lasting cost.
/// Thread-safe. Dispose only once no scorer is rented.
/// </remarks>
internal sealed class MlNetScorerPool(Func<MlNetScorer> create, int capacity) : IDisposable
{
    private readonly ConcurrentBag<MlNetScorer> _idle = [];
    private int _idleCount;

    /// <summary>An idle scorer, or a new one when none is idle.</summary>
    public MlNetScorer Rent()
    {
        if (!_idle.TryTake(out var scorer))
            return create();
        Interlocked.Decrement(ref _idleCount);
        return scorer;
    }

    /// <summary>Takes back <paramref name="scorer"/>, which finished its call without throwing, or disposes it when enough are idle.</summary>
    public void Return(MlNetScorer scorer)
    {
        if (Interlocked.Increment(ref _idleCount) <= capacity)
        {
            _idle.Add(scorer);
            return;
        }
        Interlocked.Decrement(ref _idleCount);
        scorer.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        while (_idle.TryTake(out var scorer))
            scorer.Dispose();
    }
}
