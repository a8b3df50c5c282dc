using Gateway.Rego.Builtins;
using Gateway.Rego.Values;

namespace Gateway.Rego.Tests.Builtins.Ext;

/// <summary>Calls builtins straight through the registry, as the evaluator will.</summary>
internal static class B
{
    public static RegoValue? Call(string name, params RegoValue[] args) => CallWith(new BuiltinContext(), name, args);

    public static RegoValue? CallWith(BuiltinContext ctx, string name, params RegoValue[] args)
    {
        BuiltinRegistry.Default.TryGet(name, out var def).ShouldBeTrue($"builtin {name} is registered");
        def.Arity.ShouldBe(args.Length, $"arity of {name}");
        return def.Function(ctx, args);
    }

    /// <summary>The message of the BuiltinException a call throws.</summary>
    public static string Error(string name, params RegoValue[] args) => Should.Throw<BuiltinException>(() => Call(name, args)).Message;

    public static string TypeError(string name, params RegoValue[] args) => Should.Throw<BuiltinTypeException>(() => Call(name, args)).Message;

    public static RegoValue J(string json) => RegoJson.Parse(json);

    public static RegoString S(string s) => new(s);

    public static RegoNumber N(long n) => RegoNumber.Of(n);

    public static RegoNumber N(string literal) => RegoNumber.Parse(literal)!;

    public static RegoSet Set(params RegoValue[] items) => RegoSet.Of(items);

    public static RegoArray Arr(params RegoValue[] items) => new(items);

    public static void ShouldBeJson(this RegoValue? actual, string expectedJson)
    {
        actual.ShouldNotBeNull();
        actual.ShouldBe(J(expectedJson), $"actual: {RegoJson.ToJson(actual)}");
    }
}
