namespace Capstan.Core.Errors;

/// <summary>The closed set of failure causes that every front end translates once (HTTP status, gRPC status, exit code).</summary>
public enum ErrorCode
{
    /// <summary>The caller sent something malformed or outside the rules.</summary>
    InvalidInput,

    /// <summary>The named thing does not exist.</summary>
    NotFound,

    /// <summary>The thing to create exists already.</summary>
    AlreadyExists,

    /// <summary>The request conflicts with the current state, such as deleting a version that is still referred to.</summary>
    Conflict,

    /// <summary>The service or the named thing cannot answer yet, or cannot be reached.</summary>
    NotReady,

    /// <summary>The caller is not authenticated.</summary>
    Unauthorized,

    /// <summary>The caller is authenticated but not allowed to do this.</summary>
    Forbidden,

    /// <summary>The request or one of its parts is over a configured limit.</summary>
    TooLarge,

    /// <summary>The service is at capacity; the caller may retry later.</summary>
    Overloaded,

    /// <summary>An unexpected failure inside the service.</summary>
    Internal,
}
