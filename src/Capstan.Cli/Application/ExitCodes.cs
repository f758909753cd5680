using Capstan.Core.Errors;

namespace Capstan.Cli.Application;

/// <summary>The exit codes of <c>capstan</c>; the one place that translates <see cref="ErrorCode"/> into them.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>code</term><description>meaning</description></listheader>
/// <item><term>0</term><description>success</description></item>
/// <item><term>1</term><description>an internal error, on the server or in the CLI</description></item>
/// <item><term>2</term><description>invalid input or bad usage (refused before any request)</description></item>
/// <item><term>3</term><description>not found</description></item>
/// <item><term>4</term><description>already exists, or conflicts with the current state</description></item>
/// <item><term>5</term><description>unauthorized or forbidden</description></item>
/// <item><term>6</term><description>too large</description></item>
/// <item><term>7</term><description>the server is not ready or cannot be reached</description></item>
/// <item><term>8</term><description>the server is overloaded; retry later</description></item>
/// <item><term>130</term><description>cancelled with Ctrl+C</description></item>
/// </list>
/// </remarks>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An internal error, on the server or in the CLI.</summary>
    public const int Internal = 1;

    /// <summary>Invalid input or bad usage.</summary>
    public const int InvalidInput = 2;

    /// <summary>Not found.</summary>
    public const int NotFound = 3;

    /// <summary>Already exists, or conflicts with the current state.</summary>
    public const int Conflict = 4;

    /// <summary>Unauthorized or forbidden.</summary>
    public const int Denied = 5;

    /// <summary>Too large.</summary>
    public const int TooLarge = 6;

    /// <summary>The server is not ready or cannot be reached.</summary>
    public const int NotReady = 7;

    /// <summary>The server is overloaded.</summary>
    public const int Overloaded = 8;

    /// <summary>Cancelled with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>The exit code for an error code.</summary>
    public static int For(ErrorCode code) => code switch
    {
        ErrorCode.InvalidInput => InvalidInput,
        ErrorCode.NotFound => NotFound,
        ErrorCode.AlreadyExists or ErrorCode.Conflict => Conflict,
        ErrorCode.Unauthorized or ErrorCode.Forbidden => Denied,
        ErrorCode.TooLarge => TooLarge,
        ErrorCode.NotReady => NotReady,
        ErrorCode.Overloaded => Overloaded,
        _ => Internal,
    };
}
