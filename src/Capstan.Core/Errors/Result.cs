using System.Diagnostics.CodeAnalysis;

namespace Capstan.Core.Errors;

/// <summary>Either a value or the <see cref="Error"/> that explains why there is none.</summary>
/// <typeparam name="T">The type of the value on success.</typeparam>
public readonly struct Result<T>
{
    private readonly T? _value;
    private readonly Error _error;

    private Result(T value)
    {
        _value = value;
        IsSuccess = true;
    }

    private Result(Error error) => _error = error;

    /// <summary>Whether this result holds a value.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess { get; }

    /// <summary>The value; throws when the result is a failure, which is a bug in the caller.</summary>
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"The result is a failure: {_error}");

    /// <summary>The error; throws when the result is a success, which is a bug in the caller.</summary>
    public Error Error => IsSuccess ? throw new InvalidOperationException("The result is a success.") : _error;

    /// <summary>Wraps a value.</summary>
    public static implicit operator Result<T>(T value) => new(value);

    /// <summary>Wraps a value; for interface types, which C# never converts implicitly.</summary>
    public static Result<T> Success(T value) => new(value);

    /// <summary>Wraps an error.</summary>
    public static implicit operator Result<T>(Error error) => new(error);

    /// <summary>Gets the value, or the error when there is none.</summary>
    public bool TryGetValue([MaybeNullWhen(false)] out T value, out Error error)
    {
        value = _value;
        error = _error;
        return IsSuccess;
    }

    /// <summary>Applies <paramref name="map"/> to the value, passing a failure through unchanged.</summary>
    public Result<TOut> Map<TOut>(Func<T, TOut> map) => IsSuccess ? map(_value!) : _error;

    /// <summary>Continues with <paramref name="next"/> on success, passing a failure through unchanged.</summary>
    public Result<TOut> Then<TOut>(Func<T, Result<TOut>> next) => IsSuccess ? next(_value!) : _error;

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"Ok({_value})" : $"Failed({_error})";
}
