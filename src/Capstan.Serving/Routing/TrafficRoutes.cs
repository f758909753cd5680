using System.Globalization;
using Capstan.Core.Registry;
using Capstan.Core.Tensors;
using Capstan.Serving.Lifecycle;

namespace Capstan.Serving.Routing;

/// <summary>How a served model routes unversioned requests, as one immutable snapshot: the live variants with their weights, the shadow and the sticky key.</summary>
/// <remarks>
/// A request with a sticky key goes where <see cref="WeightedRendezvous"/> sends it; one without goes to a variant
/// drawn at random in proportion to the weights. The reconciler swaps whole snapshots, so a request routes by either
/// the old or the new one. Picking allocates nothing. Thread-safe.
/// </remarks>
public sealed class TrafficRoutes
{
    private readonly LoadedVersion[] _versions;
    private readonly string[] _targets;
    private readonly ulong[] _targetHashes;
    private readonly int[] _weights;
    private readonly int _totalWeight;

    /// <summary>Builds the routes of the live variants (the stable one first, each with the version its target resolved to), the shadow and the sticky key.</summary>
    /// <exception cref="ArgumentException">There are no live variants, or a weight is negative.</exception>
    public TrafficRoutes(IReadOnlyList<(TrafficVariant Variant, LoadedVersion Version)> live, LoadedVersion? shadow, int shadowPercent, StickyKey? sticky)
    {
        if (live.Count == 0)
            throw new ArgumentException("A served model needs at least one live variant.", nameof(live));
        _versions = new LoadedVersion[live.Count];
        _targets = new string[live.Count];
        _targetHashes = new ulong[live.Count];
        _weights = new int[live.Count];
        for (var i = 0; i < live.Count; i++)
        {
            var (variant, version) = live[i];
            ArgumentOutOfRangeException.ThrowIfNegative(variant.Weight, nameof(live));
            (_versions[i], _targets[i], _weights[i]) = (version, variant.Target, variant.Weight);
            _targetHashes[i] = WeightedRendezvous.HashTarget(variant.Target);
            _totalWeight += variant.Weight;
        }
        Shadow = shadow;
        ShadowPercent = shadow is null ? 0 : shadowPercent;
        Sticky = sticky;
    }

    /// <summary>The stable variant's version: the first one, which status calls current.</summary>
    public LoadedVersion Stable => _versions[0];

    /// <summary>The version that gets copies of requests, or null.</summary>
    public LoadedVersion? Shadow { get; }

    /// <summary>The share of unversioned requests copied to <see cref="Shadow"/>, in percent.</summary>
    public int ShadowPercent { get; }

    /// <summary>Where requests carry their sticky key, or null.</summary>
    public StickyKey? Sticky { get; }

    /// <summary>Every version these routes send requests or copies to.</summary>
    public IEnumerable<LoadedVersion> Versions => Shadow is null ? _versions : _versions.Append(Shadow);

    /// <summary>The version for a request: by its sticky key when it has one (empty for none), otherwise drawn at random by weight.</summary>
    public LoadedVersion Pick(ReadOnlySpan<char> stickyKey, RoutingRandom random)
    {
        if (_versions.Length == 1)
            return _versions[0];
        if (!stickyKey.IsEmpty)
        {
            var chosen = WeightedRendezvous.Choose(WeightedRendezvous.HashKey(stickyKey), _targetHashes, _weights);
            return chosen < 0 ? Stable : _versions[chosen];
        }
        var point = random.NextDouble() * _totalWeight;
        for (var i = 0; i < _versions.Length; i++)
        {
            point -= _weights[i];
            if (point < 0)
                return _versions[i];
        }
        return Stable;
    }

    /// <summary>The version for a request whose sticky key is the inference parameter <see cref="StickyKey.Parameter"/>, or a random pick when it has none.</summary>
    public LoadedVersion Pick(InferenceRequest request, RoutingRandom random)
    {
        if (Sticky?.Parameter is not { } name || request.Parameters?.TryGetValue(name, out var parameter) != true)
            return Pick([], random);
        return parameter.Value switch
        {
            string text => Pick(text, random),
            long number => PickByNumber(number, random),
            _ => Pick([], random),
        };
    }

    /// <summary>The live share of <paramref name="version"/> in percent, or null when it is not a live variant.</summary>
    public int? WeightOf(LoadedVersion version)
    {
        int? weight = null;
        for (var i = 0; i < _versions.Length; i++)
        {
            if (ReferenceEquals(_versions[i], version))
                weight = (weight ?? 0) + _weights[i];
        }
        return weight;
    }

    /// <summary>Whether these routes send the same traffic to the same loaded versions as <paramref name="other"/>.</summary>
    public bool SameAs(TrafficRoutes other)
    {
        if (_versions.Length != other._versions.Length || !ReferenceEquals(Shadow, other.Shadow) || ShadowPercent != other.ShadowPercent || Sticky != other.Sticky)
            return false;
        for (var i = 0; i < _versions.Length; i++)
        {
            if (!ReferenceEquals(_versions[i], other._versions[i]) || _weights[i] != other._weights[i] || _targets[i] != other._targets[i])
                return false;
        }
        return true;
    }

    private LoadedVersion PickByNumber(long number, RoutingRandom random)
    {
        Span<char> text = stackalloc char[20];
        number.TryFormat(text, out var written, provider: CultureInfo.InvariantCulture);
        return Pick(text[..written], random);
    }
}
