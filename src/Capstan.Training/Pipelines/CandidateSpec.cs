namespace Capstan.Training.Pipelines;

/// <summary>One trainer to try and the hyperparameter ranges its search draws from.</summary>
/// <param name="Trainer">The ML.NET trainer.</param>
/// <param name="Parameters">The ranges by parameter name (snake_case, as <see cref="Candidates.TrainerCatalog"/> lists them); a parameter not named keeps the trainer's default.</param>
public sealed record CandidateSpec(TrainerKind Trainer, IReadOnlyDictionary<string, ParameterRange> Parameters);
