namespace Gateway.Core.Identity;

/// <summary>Why a management request about identities was refused; the HTTP layer maps the kind to a status.</summary>
public sealed record IdentityError(IdentityErrorKind Kind, string Message);

public enum IdentityErrorKind
{
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>A value or an <see cref="IdentityError"/>.</summary>
public readonly record struct IdentityOutcome<T>(T? Value, IdentityError? Error)
{
    public bool IsSuccess => Error is null;
    public static implicit operator IdentityOutcome<T>(T value) => new(value, null);
    public static implicit operator IdentityOutcome<T>(IdentityError error) => new(default, error);
}
