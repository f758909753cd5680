namespace Capstan.Monitoring.Signals;

/// <summary>A source of the figures about a deployed model that alert rules watch, such as its drift share or realized accuracy.</summary>
/// <remarks>
/// Each source owns a family of signal names (see <see cref="SignalNames"/>); the alert evaluator asks every registered
/// source which one provides a rule's signal. Implementations are thread-safe.
/// </remarks>
public interface ISignalSource
{
    /// <summary>Whether this source computes <paramref name="signal"/>.</summary>
    bool Provides(string signal);

    /// <summary>Computes <paramref name="signal"/> for <paramref name="model"/> over the window that ends now; null when there is no data to compute it from.</summary>
    Task<double?> ReadAsync(string model, string signal, TimeSpan window, CancellationToken cancellationToken);
}
