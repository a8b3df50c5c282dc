namespace Gateway.Rego.Builtins;

/// <summary>
/// A builtin failed on its input (OPA's <c>eval_builtin_error</c>): e.g. "div: divide by zero".
/// In non-strict mode the evaluator treats the call as undefined; in strict mode it is an error.
/// The message is the part after the builtin name; the evaluator prefixes "name: ".
/// </summary>
public class BuiltinException(string message) : Exception(message);

/// <summary>
/// An operand of the wrong type (OPA's <c>eval_type_error</c>, always an error whatever the strict mode):
/// e.g. "operand 1 must be number but got string". Use <see cref="BuiltinArgs"/> to raise these uniformly.
/// </summary>
public sealed class BuiltinTypeException(string message) : BuiltinException(message);
