namespace Capstan.Registry.Service;

/// <summary>Tells the reconciler of this process that what should be served may have changed (a deployment, an alias, a new latest version), so it looks at once instead of at its next poll.</summary>
/// <remarks>Other processes see the change at their next poll. A signal that arrives while the reconciler is busy is kept, so none is lost. Thread-safe.</remarks>
public sealed class ChangeSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    /// <summary>Asks the reconciler to look again.</summary>
    public void Notify()
    {
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    /// <summary>Waits for a signal or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _pending.WaitAsync(timeout, cancellationToken);
}
