namespace Capstan.Training.Runs;

/// <summary>Counts the ground-truth labels reported for a model's requests, for the <c>after_labels</c> trigger.</summary>
public interface ILabelCounter
{
    /// <summary>How many labels were reported for <paramref name="model"/>'s requests in [<paramref name="since"/>, <paramref name="until"/>).</summary>
    Task<long> CountAsync(string model, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);
}
