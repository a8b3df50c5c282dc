using Gateway.Rego.Builtins;
using Gateway.Rego.Values;

namespace Gateway.Rego.Tests.Builtins.Core;

/// <summary>Calls builtins straight through the default registry, as the evaluator will.</summary>
internal static class B
{
    public static RegoValue? Call(string name, params RegoValue[] args)
    {
        BuiltinRegistry.Default.TryGet(name, out var def).ShouldBeTrue($"builtin {name} is registered");
        def.Arity.ShouldBe(args.Length, $"arity of {name}");
        return def.Function(new BuiltinContext(), args);
    }

    /// <summary>Call with JSON-written arguments.</summary>
    public static RegoValue? CallJson(string name, params string[] jsonArgs) =>
        Call(name, jsonArgs.Select(RegoJson.Parse).ToArray());

    public static void ShouldReturn(string name, string expectedJson, params string[] jsonArgs)
    {
        var result = CallJson(name, jsonArgs);
        result.ShouldNotBeNull($"{name}({string.Join(", ", jsonArgs)}) was undefined");
        result.ShouldBe(RegoJson.Parse(expectedJson), $"{name}({string.Join(", ", jsonArgs)}) = {result}");
    }

    /// <summary>The exact JSON text of the result (numbers as written, e.g. 0.5000000000).</summary>
    public static string JsonOf(string name, params RegoValue[] args) => RegoJson.ToJson(Call(name, args)!);

    public static BuiltinTypeException TypeError(string name, params RegoValue[] args) =>
        Should.Throw<BuiltinTypeException>(() => Call(name, args));

    public static BuiltinException BuiltinError(string name, params RegoValue[] args)
    {
        var e = Should.Throw<BuiltinException>(() => Call(name, args));
        e.ShouldNotBeOfType<BuiltinTypeException>();
        return e;
    }

    public static RegoValue J(string json) => RegoJson.Parse(json);

    public static RegoString S(string s) => new(s);

    public static RegoNumber N(long n) => RegoNumber.Of(n);

    public static RegoNumber D(string text) => RegoNumber.Parse(text)!;

    public static RegoSet Set(params RegoValue[] items) => RegoSet.Of(items);

    public static RegoArray Arr(params RegoValue[] items) => new(items);

    public static RegoObject Obj(params (RegoValue Key, RegoValue Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Key, p => p.Value));

    public static RegoBool True => RegoBool.True;

    public static RegoBool False => RegoBool.False;

    public static RegoNull Null => RegoNull.Instance;
}
