using Gateway.Rego.Ast;

namespace Gateway.Rego;

/// <summary>One compile or evaluation error, formatted as OPA does: <c>file:row: code: message</c>.</summary>
public sealed record RegoError(string Code, string Message, Location Location)
{
    public override string ToString() =>
        Location.Row > 0 ? $"{Location.File}:{Location.Row}: {Code}: {Message}" : $"{Code}: {Message}";
}

/// <summary>
/// A compile, parse or evaluation error. <see cref="Code"/> is OPA's error code (rego_parse_error,
/// rego_compile_error, rego_unsafe_var_error, rego_recursion_error, rego_type_error, eval_conflict_error,
/// eval_type_error, eval_builtin_error, eval_cancel_error, ...). Compilation may report several errors.
/// </summary>
public sealed class RegoException : Exception
{
    public RegoException(string code, string message, Location location = default)
        : this([new RegoError(code, message, location)])
    {
    }

    public RegoException(IReadOnlyList<RegoError> errors)
        : base(Format(errors))
    {
        if (errors.Count == 0) throw new ArgumentException("at least one error is required", nameof(errors));
        Errors = errors;
    }

    public IReadOnlyList<RegoError> Errors { get; }

    /// <summary>The first error's code.</summary>
    public string Code => Errors[0].Code;

    /// <summary>The first error's message without location and code.</summary>
    public string RegoMessage => Errors[0].Message;

    public Location Location => Errors[0].Location;

    private static string Format(IReadOnlyList<RegoError> errors)
    {
        if (errors.Count == 1) return errors[0].ToString();
        var sb = new System.Text.StringBuilder();
        sb.Append(errors.Count).Append(" errors occurred:");
        foreach (var e in errors) sb.Append('\n').Append(e);
        return sb.ToString();
    }
}

/// <summary>OPA's error codes.</summary>
public static class RegoErrorCodes
{
    public const string ParseError = "rego_parse_error";
    public const string CompileError = "rego_compile_error";
    public const string TypeError = "rego_type_error";
    public const string UnsafeVar = "rego_unsafe_var_error";
    public const string Recursion = "rego_recursion_error";
    public const string EvalConflict = "eval_conflict_error";
    public const string EvalType = "eval_type_error";
    public const string EvalBuiltin = "eval_builtin_error";
    public const string EvalCancel = "eval_cancel_error";
    public const string EvalInternal = "eval_internal_error";
}
