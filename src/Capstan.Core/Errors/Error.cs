namespace Capstan.Core.Errors;

/// <summary>An expected failure: its cause and a message for the person who caused it.</summary>
/// <param name="Code">The cause, from the closed set every front end translates.</param>
/// <param name="Message">One sentence that says what was wrong, naming the offending value.</param>
public readonly record struct Error(ErrorCode Code, string Message)
{
    /// <summary>Creates an <see cref="ErrorCode.InvalidInput"/> error.</summary>
    public static Error InvalidInput(string message) => new(ErrorCode.InvalidInput, message);

    /// <summary>Creates an <see cref="ErrorCode.NotFound"/> error.</summary>
    public static Error NotFound(string message) => new(ErrorCode.NotFound, message);

    /// <summary>Creates an <see cref="ErrorCode.AlreadyExists"/> error.</summary>
    public static Error AlreadyExists(string message) => new(ErrorCode.AlreadyExists, message);

    /// <summary>Creates an <see cref="ErrorCode.Conflict"/> error.</summary>
    public static Error Conflict(string message) => new(ErrorCode.Conflict, message);

    /// <summary>The caller presented no credentials, or ones that do not authenticate it.</summary>
    public static Error Unauthorized(string message) => new(ErrorCode.Unauthorized, message);

    /// <summary>The caller is known but may not do this.</summary>
    public static Error Forbidden(string message) => new(ErrorCode.Forbidden, message);

    /// <summary>Creates an <see cref="ErrorCode.NotReady"/> error.</summary>
    public static Error NotReady(string message) => new(ErrorCode.NotReady, message);

    /// <summary>Creates an <see cref="ErrorCode.TooLarge"/> error.</summary>
    public static Error TooLarge(string message) => new(ErrorCode.TooLarge, message);

    /// <summary>Creates an <see cref="ErrorCode.Internal"/> error.</summary>
    public static Error Internal(string message) => new(ErrorCode.Internal, message);

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}
