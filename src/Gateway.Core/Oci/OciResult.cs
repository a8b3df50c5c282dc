using System.Diagnostics.CodeAnalysis;

namespace Gateway.Core.Oci;

/// <summary>A value or an OCI error: expected failures on the request path are values, not exceptions.</summary>
public readonly record struct OciResult<T>
{
    private OciResult(T? value, OciError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public OciError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Error is null;

    public static OciResult<T> Ok(T value) => new(value, null);
    public static OciResult<T> Fail(OciError error) => new(default, error);
    public static OciResult<T> Fail(OciErrorCode code, string? message = null, object? detail = null) => new(default, OciError.Of(code, message, detail));

    public static implicit operator OciResult<T>(OciError error) => Fail(error);
}
