using Capstan.Core.Registry;

namespace Capstan.Training.Runs;

/// <summary>The champion a run challenges: its version, how it was found, and where its artifact was copied for scoring.</summary>
/// <param name="Version">The champion's version.</param>
/// <param name="How">How it was found, for the log: the deployed stable target or the alias.</param>
/// <param name="Path">The local copy of its artifact.</param>
public sealed record ChampionFile(ModelVersionInfo Version, string How, string Path);
