using System.Reflection;

namespace Capstan.Server.Inference;

/// <summary>The version of this Capstan build, as server metadata reports it.</summary>
public static class ServerVersion
{
    /// <summary>The informational version of the server assembly, without build metadata.</summary>
    public static string Current { get; } =
        (typeof(ServerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
