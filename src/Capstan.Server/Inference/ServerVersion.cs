using System.Reflection;

namespace Capstan.Server.Inference;

/// <summary>The name and version of this Capstan build, as both protocol front ends' server metadata report them.</summary>
public static class ServerVersion
{
    /// <summary>The server's name in protocol metadata.</summary>
    public const string Name = "capstan";

    /// <summary>The informational version of the server assembly, without build metadata.</summary>
    public static string Current { get; } =
        (typeof(ServerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
