using Capstan.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Capstan.Server.Problems;

/// <summary>Turns registry results into typed HTTP results, with RFC 9457 problem details for every error.</summary>
public static class Problem
{
    /// <summary>The problem type URI prefix; the error code in kebab case follows it.</summary>
    public const string TypePrefix = "https://capstan.dev/problems/";

    /// <summary>A problem details result for <paramref name="error"/>.</summary>
    public static ProblemHttpResult From(Error error) => TypedResults.Problem(
        detail: error.Message,
        statusCode: ErrorStatus.For(error.Code),
        title: TitleOf(error.Code),
        type: TypeOf(error.Code),
        extensions: new Dictionary<string, object?> { ["code"] = error.Code.ToString() });

    /// <summary>200 with the value, or the problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> Ok<T>(Result<T> result) =>
        result.TryGetValue(out var value, out var error) ? TypedResults.Ok(value) : From(error);

    /// <summary>The problem type URI for an error code.</summary>
    public static string TypeOf(ErrorCode code) => TypePrefix + System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(code.ToString());

    /// <summary>A short human title for an error code.</summary>
    public static string TitleOf(ErrorCode code) => code switch
    {
        ErrorCode.InvalidInput => "Invalid input",
        ErrorCode.NotFound => "Not found",
        ErrorCode.AlreadyExists => "Already exists",
        ErrorCode.Conflict => "Conflict",
        ErrorCode.NotReady => "Not ready",
        ErrorCode.Unauthorized => "Unauthorized",
        ErrorCode.Forbidden => "Forbidden",
        ErrorCode.TooLarge => "Too large",
        ErrorCode.Overloaded => "Overloaded",
        _ => "Internal error",
    };
}
