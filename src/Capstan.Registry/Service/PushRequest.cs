using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;

namespace Capstan.Registry.Service;

/// <summary>A push whose name and metadata passed every check, ready to receive its artifact.</summary>
/// <param name="Name">The model name.</param>
/// <param name="Metadata">The metadata, with empty collections where the pusher gave none.</param>
/// <param name="Alias">The alias to set, if any.</param>
/// <param name="Parent">The parent reference, if any, still to be resolved.</param>
/// <param name="PushedBy">Who pushes, as the audit trail records them.</param>
public sealed record PushRequest(ModelName Name, PushMetadata Metadata, AliasName? Alias, ModelReference? Parent, Actor PushedBy);
