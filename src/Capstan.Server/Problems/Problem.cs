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
    public static ProblemHttpResult From(Error error) => Of(ErrorStatus.For(error.Code), error.Code, error.Message);

    /// <summary>A problem details result for a bare HTTP <paramref name="status"/>, such as one the framework raised, with the code it stands for.</summary>
    /// <remarks>The result is written as <c>application/problem+json</c> whatever the request's <c>Accept</c> header asks for, never as HTML or plain text.</remarks>
    public static ProblemHttpResult ForStatus(int status, string detail) => Of(status, ErrorStatus.CodeFor(status), detail);

    /// <summary>200 with the value, or the problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> Ok<T>(Result<T> result) =>
        result.TryGetValue(out var value, out var error) ? TypedResults.Ok(value) : From(error);

    /// <summary>The problem type URI for an error code.</summary>
    public static string TypeOf(ErrorCode code) => TypePrefix + System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(code.ToString());

    private static ProblemHttpResult Of(int status, ErrorCode code, string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: status,
        title: TitleOf(code),
        type: TypeOf(code),
        extensions: new Dictionary<string, object?> { ["code"] = code.ToString() });

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
