using System.Globalization;
using Capstan.Client.Http;
using Capstan.Core.Errors;
using Capstan.Core.Monitoring;
using Capstan.Core.Naming;
using Capstan.Core.Serialization;

namespace Capstan.Client;

/// <summary>The drift operations of the client.</summary>
public sealed partial class CapstanClient
{
    /// <summary>Evaluates a model's drift now, over a window of its inference log, against each answering version's reference profile.</summary>
    /// <param name="model">The model.</param>
    /// <param name="window">The window that ends now, in whole seconds; the server's drift window when null.</param>
    /// <param name="test">The test for every feature, or null for each feature's default.</param>
    /// <param name="threshold">The test's threshold, or null for its default; needs <paramref name="test"/>.</param>
    /// <param name="share">The share of drifted features at or above which the dataset drifted, or null for the server's.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<DriftReport>> GetDriftAsync(
        string model, TimeSpan? window = null, DriftTest? test = null, double? threshold = null, double? share = null, CancellationToken cancellationToken = default) =>
        ModelName.Parse(model).ThenAsync(n => SendAsync<DriftReport>(HttpMethod.Get,
            $"{ModelPath(n)}/drift" + Query(
                ("window", window is { } w ? DurationText.Format(w) : null),
                ("test", test is { } t ? DriftTests.NameOf(t) : null),
                ("threshold", threshold?.ToString("R", CultureInfo.InvariantCulture)),
                ("share", share?.ToString("R", CultureInfo.InvariantCulture))),
            null, cancellationToken));
}
