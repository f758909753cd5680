using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Serialization;
using Spectre.Console;

namespace Capstan.Cli.Application;

/// <summary>Where the CLI writes: rich output and JSON to standard output, errors as single lines to standard error.</summary>
/// <remarks>
/// JSON and error lines bypass Spectre's renderer, which would wrap long lines at the console width and so break
/// JSON strings and one-line errors.
/// </remarks>
/// <param name="output">The console for tables, trees and progress bars.</param>
/// <param name="errors">The writer for error lines.</param>
/// <param name="colorErrors">Whether error lines are printed in red.</param>
internal sealed class Terminal(IAnsiConsole output, TextWriter errors, bool colorErrors)
{
    private const string Red = "\u001b[31m";
    private const string Reset = "\u001b[0m";

    /// <summary>The console for rich output.</summary>
    public IAnsiConsole Output => output;

    /// <summary>Whether a person is watching, so progress bars make sense.</summary>
    public bool IsInteractive => output.Profile.Capabilities.Interactive && output.Profile.Out.IsTerminal;

    /// <summary>The terminal of this process: standard output and standard error, red errors unless redirected or <c>NO_COLOR</c> is set.</summary>
    public static Terminal ForProcess() =>
        new(AnsiConsole.Console, Console.Error,
            !Console.IsErrorRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    /// <summary>Writes <paramref name="value"/> as one line of JSON with the shared Capstan settings.</summary>
    public void WriteJson<T>(T value) => output.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, CapstanJson.Options));

    /// <summary>Writes <paramref name="error"/> as one line and returns its exit code.</summary>
    public int Fail(Error error) => Fail(error.Message, ExitCodes.For(error.Code));

    /// <summary>Writes <paramref name="message"/> as one error line and returns <paramref name="exitCode"/>.</summary>
    public int Fail(string message, int exitCode)
    {
        var line = "error: " + message.ReplaceLineEndings(" ");
        errors.WriteLine(colorErrors ? Red + line + Reset : line);
        return exitCode;
    }
}
