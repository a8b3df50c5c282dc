using System.Text;
using Gateway.Rego.Values;

namespace Gateway.Rego.Tests.Evaluation;

/// <summary>
/// Random Rego policies that compile, over random inputs from a small domain, for differential tests between the
/// interpreter and the compiled code. The domain is small on purpose (integers 0–3, a few short strings) so that
/// equal operands, empty collections, missing keys and type mismatches come up often: those are the cases where
/// <c>&lt;</c> and <c>&lt;=</c>, undefined and false, or a builtin error and a result part ways.
/// Variables are introduced before they are read, so almost every policy passes the safety check.
/// Deterministic for a seed: a failure names its module and input, and the same seed reproduces it.
/// </summary>
internal sealed class RandomPolicyGenerator(Random rng)
{
    private static readonly string[] Comparisons = ["==", "!=", "<", "<=", ">", ">="];
    private static readonly string[] Strings = ["\"a\"", "\"b\"", "\"ab\"", "\"\""];

    private readonly List<string> _functions = [];

    /// <summary>Rules defined so far (partial sets, objects, complete), which later bodies may read; never the rule being written.</summary>
    private readonly List<string> _defined = [];
    private string _current = "";
    private readonly List<string> _scalars = [];
    private readonly List<string> _collections = [];
    private int _fresh;

    /// <summary>
    /// A package <c>fuzz</c> of 4–10 rules: partial sets, complete rules (which may conflict), ref-head objects, default
    /// rules and functions with else. Bodies mix loops, comprehensions, every, negation, builtins, and the literals
    /// compiled code hands to the interpreter (enumerating references, with).
    /// </summary>
    public string Module()
    {
        _functions.Clear();
        _defined.Clear();
        var sb = new StringBuilder("package fuzz\n\nimport rego.v1\n\n");
        for (var f = 0; f < rng.Next(3); f++)
        {
            var name = $"f{f}";
            sb.Append(Function(name));
            _functions.Add(name);
        }
        // Names from small pools, so that nodes get several definitions (and the compiler indexes them).
        var rules = 4 + rng.Next(7);
        var defaults = new HashSet<string>();
        for (var r = 0; r < rules; r++)
        {
            switch (rng.Next(6))
            {
                case 0:
                {
                    var name = $"c{rng.Next(2)}";
                    if (defaults.Add(name)) sb.Append($"default {name} := {Pick(Strings)}\n");
                    sb.Append(Rule($"{name} :="));
                    break;
                }
                case 1:
                    sb.Append(Rule($"c{rng.Next(2)} :="));
                    break;
                case 5:
                {
                    // A ref-head rule: an object built key by key.
                    var name = $"o{rng.Next(2)}";
                    _current = name;
                    _scalars.Clear();
                    var body = Body();
                    var key = _scalars.Count > 0 ? Pick(_scalars) : Pick(Strings);
                    sb.Append($"{name}[{key}] := {Head()} if {{\n{body}}}\n\n");
                    if (!_defined.Contains(name)) _defined.Add(name);
                    _current = "";
                    break;
                }
                default:
                    sb.Append(Rule($"s{rng.Next(2)} contains"));
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Base data beside the rules: lists other rules read, and a document inside the package itself.</summary>
    public RegoValue Data()
    {
        var nums = string.Join(", ", Enumerable.Range(0, rng.Next(4)).Select(_ => rng.Next(4)));
        return RegoJson.Parse("{\"lists\": {\"nums\": [" + nums + "], \"strs\": [\"a\", \"ab\"]}, \"fuzz\": {\"base\": {\"k0\": " + rng.Next(4) + "}}}");
    }

    /// <summary>An input from the same small domain: a, b integers, s a string, arr and strs arrays, obj an object.</summary>
    public RegoValue Input()
    {
        var d = new Dictionary<RegoValue, RegoValue>
        {
            [S("a")] = N(rng.Next(4)),
            [S("b")] = rng.Next(6) == 0 ? S("1") : N(rng.Next(4)),
            // Now and then capitals and a non-ASCII letter, for lower() and the case-insensitive tests.
            [S("s")] = S(new[] { "a", "b", "ab", "", "AB", "Ab", "\u212A" }[rng.Next(rng.Next(4) == 0 ? 7 : 4)]),
            [S("arr")] = new RegoArray([.. Enumerable.Range(0, rng.Next(5)).Select(_ => (RegoValue)N(rng.Next(4)))]),
            [S("strs")] = new RegoArray([.. Enumerable.Range(0, rng.Next(4)).Select(_ => (RegoValue)S(new[] { "a", "b", "ab" }[rng.Next(3)]))]),
        };
        var obj = new Dictionary<RegoValue, RegoValue>();
        // Mostly numbers; now and then a string, an array or an object, so that values change type under a key.
        for (var i = 0; i < rng.Next(4); i++)
        {
            obj[S($"k{rng.Next(3)}")] = rng.Next(10) switch
            {
                0 => S("a"),
                1 => new RegoArray([N(rng.Next(4))]),
                2 => new RegoObject(new Dictionary<RegoValue, RegoValue> { [S("v")] = N(rng.Next(4)) }),
                _ => N(rng.Next(4)),
            };
        }
        d[S("obj")] = new RegoObject(obj);
        if (rng.Next(8) == 0) d.Remove(S(new[] { "a", "arr", "obj" }[rng.Next(3)]));
        return new RegoObject(d);
    }

    /// <summary>A rule: its body first, so that the head reads only variables the body binds.</summary>
    private string Rule(string head)
    {
        _current = head.Split(' ')[0];
        _scalars.Clear();
        var body = Body();
        var rule = $"{head} {Head()} if {{\n{body}}}";
        // Complete rules sometimes get an else chain.
        for (var e = 0; head.EndsWith(":=", StringComparison.Ordinal) && e < rng.Next(3); e++)
        {
            _scalars.Clear();
            var elseBody = Body();
            rule += $" else := {Head()} if {{\n{elseBody}}}";
        }
        if (!_defined.Contains(_current)) _defined.Add(_current);
        _current = "";
        return rule + "\n\n";
    }

    /// <summary>A function of x: with a body and maybe an else, or in the two shapes the compiler inlines (a value, a one-literal test).</summary>
    private string Function(string name)
    {
        _scalars.Clear();
        _collections.Clear();
        _scalars.Add("x");
        switch (rng.Next(3))
        {
            case 0:
            {
                var value = Scalar(1);
                _scalars.Clear();
                // Sometimes a second definition for one argument value: the two may conflict.
                var second = rng.Next(3) == 0 ? $"{name}({rng.Next(4)}) := {Scalar(2)}\n" : "";
                return $"{name}(x) := {value}\n{second}\n";
            }
            case 1:
            {
                var test = $"x {Pick(Comparisons)} {Scalar(1)}";
                _scalars.Clear();
                return $"{name}(x) if {test}\n\n";
            }
        }
        var body = Body();
        var first = $"{name}(x) := {Head()} if {{\n{body}}}\n";
        _scalars.RemoveAll(v => v != "x");
        _collections.Clear();
        var otherwise = rng.Next(2) == 0 ? $"else := {Scalar(1)}\n" : "";
        _scalars.Clear();
        return first + otherwise + "\n";
    }

    private string Body()
    {
        _scalars.RemoveAll(v => v != "x");
        _collections.Clear();
        var sb = new StringBuilder();
        // An equality on an input value first, as the compiler's rule index looks for.
        if (rng.Next(2) == 0) sb.Append($"\t{Pick(["input.a", "input.b", "input.s"])} == {(rng.Next(2) == 0 ? rng.Next(4).ToString(System.Globalization.CultureInfo.InvariantCulture) : Pick(Strings))}\n");
        var literals = 1 + rng.Next(5);
        for (var i = 0; i < literals; i++) sb.Append('\t').Append(Literal()).Append('\n');
        return sb.ToString();
    }

    private string Literal()
    {
        switch (rng.Next(12))
        {
            case 0:
            case 1:
            {
                var v = Fresh("x");
                return Binds($"some {v} in {Collection()}", v);
            }
            case 2:
            {
                var (k, v) = (Fresh("k"), Fresh("x"));
                return Binds($"some {k}, {v} in {Collection()}", k, v);
            }
            case 3:
            {
                var v = Fresh("y");
                return Binds($"{v} := {Scalar()}", v);
            }
            case 4:
            {
                var v = Fresh("c");
                var lit = $"{v} := {Comprehension()}";
                _collections.Add(v);
                return lit;
            }
            case 5:
                return $"not {Scalar()} {Pick(Comparisons)} {Scalar()}";
            case 6:
                return $"{Scalar()} in {Collection()}";
            case 7:
            {
                var y = Fresh("e");
                var domain = Collection();
                _scalars.Add(y);
                var lit = rng.Next(3) == 0
                    ? $"every k{y}, {y} in {domain} {{ k{y} != {y} }}"
                    : $"every {y} in {domain} {{ {y} {Pick(Comparisons)} {Scalar()} }}";
                _scalars.Remove(y);
                return lit;
            }
            case 8:
                return rng.Next(3) switch
                {
                    0 => $"startswith({Scalar()}, {Scalar()})",
                    // A case-insensitive test, which compiled code makes without lowering an ASCII string.
                    1 => $"{Pick(["contains", "startswith", "endswith"])}(lower({Scalar()}), {Pick(["\"a\"", "\"ab\"", "\"A\"", "\"\""])})",
                    _ => $"contains({Scalar()}, {Scalar()})",
                };
            case 9:
                switch (rng.Next(8))
                {
                    case 4:
                    {
                        // An array pattern in `some … in`, which the interpreter unifies.
                        var (p, q) = (Fresh("p"), Fresh("q"));
                        return Binds($"some [{p}, {q}] in [[{Scalar(2)}, {Scalar(2)}], [{Scalar(2)}, {Scalar(2)}], {Scalar(2)}]", p, q);
                    }
                    case 5:
                    {
                        // Unification of an array pattern with a value.
                        var (p, q) = (Fresh("u"), Fresh("u"));
                        return Binds($"[{p}, {q}] = [{Scalar(1)}, {Scalar(1)}]", p, q);
                    }
                    case 6:
                        return rng.Next(2) == 0
                            ? $"{Scalar()} {Pick(Comparisons)} {Scalar()} with data.fuzz.c0 as {rng.Next(4)}"
                            : $"{Scalar()} {Pick(Comparisons)} {Scalar()} with data.lists.nums as [{rng.Next(4)}]";
                    case 7:
                        return $"count({Collection()} {Pick(["|", "&", "-"])} {{{Scalar(2)}, {Scalar(2)}}}) {Pick(Comparisons)} {rng.Next(4)}";
                    case 0:
                    {
                        // An enumerating reference, which compiled code hands to the interpreter.
                        var v = Fresh("r");
                        return Binds($"{v} := {Pick(["input.arr[_]", "input.obj[_]", "input.strs[_]"])}", v);
                    }
                    case 1:
                        return _functions.Count > 0 ? $"not {Pick(_functions)}({Scalar(1)})" : $"not {Scalar()} in {Collection()}";
                    case 2:
                        return $"{Scalar()} {Pick(Comparisons)} {Scalar()} with input.a as {rng.Next(4)}";
                    default:
                    {
                        var v = Fresh("o");
                        var (k, x) = (Fresh("k"), Fresh("x"));
                        var lit = $"{v} := {{{k}: {x} | some {k}, {x} in {Collection()}}}";
                        _collections.Add(v);
                        return lit;
                    }
                }
            default:
                return $"{Scalar()} {Pick(Comparisons)} {Scalar()}";
        }
    }

    private string Scalar(int depth = 0)
    {
        var choice = rng.Next(depth > 1 ? 4 : 10);
        switch (choice)
        {
            case 0: return rng.Next(8) == 0 ? "0.5" : rng.Next(4).ToString(System.Globalization.CultureInfo.InvariantCulture);
            case 1: return Pick(Strings);
            case 2: return _scalars.Count > 0 ? Pick(_scalars) : "input.a";
            case 3: return Pick(["input.a", "input.b", "input.s", "input.arr[0]", "input.obj.k1", "input.nope", "data.lists.nums[0]", "data.fuzz.base.k0"]);
            // Arithmetic, including division and remainder by zero and on fractions (builtin errors).
            case 4: return $"{Scalar(depth + 1)} {Pick(["+", "+", "-", "*", "/", "%"])} {Scalar(depth + 1)}";
            case 5: return $"count({Collection()})";
            case 6:
                if (rng.Next(2) == 0 && OtherRules() is { Count: > 0 } others)
                {
                    var r = Pick(others);
                    return r[0] switch
                    {
                        'c' => r,
                        's' => rng.Next(2) == 0 ? $"count({r})" : $"{r}[{Scalar(depth + 1)}]",
                        _ => $"{r}[{Scalar(depth + 1)}]",
                    };
                }
                return _functions.Count > 0 ? $"{Pick(_functions)}({Scalar(depth + 1)})" : "input.b";
            case 7: return rng.Next(2) == 0 ? $"concat(\"\", [{Scalar(depth + 1)}, {Scalar(depth + 1)}])" : $"$\"<{{{Scalar(depth + 1)}}}>\"";
            case 8: return $"object.get(input.obj, {Pick(["\"k0\"", "\"k1\"", "\"k2\""])}, {Scalar(depth + 1)})";
            // count and sum of an inline array comprehension run without the array in compiled code.
            default: return rng.Next(3) == 0 ? $"{Pick(["count", "sum"])}({Comprehension()})" : $"sum({Collection()})";
        }
    }

    private string Collection() => rng.Next(5) switch
    {
        0 when _collections.Count > 0 => Pick(_collections),
        1 => "input.strs",
        2 => "input.obj",
        3 => $"[{Scalar(2)}, {Scalar(2)}]",
        4 when rng.Next(2) == 0 => Pick(["data.lists.nums", "data.lists.strs", "data.fuzz.base"]),
        _ => "input.arr",
    };

    private string Comprehension()
    {
        var v = Fresh("z");
        var domain = Collection();
        _scalars.Add(v);
        var filter = $"{v} {Pick(Comparisons)} {Scalar(1)}";
        _scalars.Remove(v);
        // A comprehension's head is a single term (as in OPA: `[x + 1 | …]` does not parse), so computed heads get a variable.
        var (head, computed) = rng.Next(2) == 0 ? (v, "") : (Fresh("h"), "");
        if (head != v) computed = $"; {head} := {v} + 1";
        return rng.Next(2) == 0 ? $"[{head} | some {v} in {domain}; {filter}{computed}]" : $"{{{head} | some {v} in {domain}; {filter}{computed}}}";
    }

    /// <summary>A rule's value: a string, a scalar term, or now and then a composite (sets of objects, objects of arrays).</summary>
    private string Head() => rng.Next(8) switch
    {
        0 => $"{{\"v\": {Scalar(2)}}}",
        1 => $"[{Scalar(2)}, {Scalar(2)}]",
        2 or 3 => Pick(Strings),
        _ => Scalar(1),
    };

    /// <summary>A literal that binds new variables: written before they are in scope, so that it cannot read them.</summary>
    private string Binds(string literal, params string[] vars)
    {
        _scalars.AddRange(vars);
        return literal;
    }

    private List<string> OtherRules() => _defined.Where(d => d != _current).ToList();

    /// <summary>
    /// A second package that reads the first through an import alias: its partial sets enumerated, its objects'
    /// keys, its complete rules compared, and the whole package as one document. Call after <see cref="Module"/>.
    /// </summary>
    public string SecondModule()
    {
        _scalars.Clear();
        _collections.Clear();
        var sb = new StringBuilder("package fuzz2\n\nimport rego.v1\nimport data.fuzz as p\n\n");
        foreach (var r in _defined)
        {
            switch (r[0])
            {
                case 's': sb.Append($"t_{r} contains v if {{\n\tsome v in p.{r}\n\tv != {Scalar(2)}\n}}\n\n"); break;
                case 'o': sb.Append($"k_{r} := [k | some k, _ in p.{r}]\n\n"); break;
                default: sb.Append($"w_{r} := p.{r} if p.{r} != {Scalar(2)}\n\n"); break;
            }
        }
        sb.Append("whole := p\n");
        return sb.ToString();
    }

    /// <summary>The query to ask of a module: the whole package, or one rule, whole or at one key (the keyed-lookup path).</summary>
    public string Query() => rng.Next(6) switch
    {
        0 => "data.fuzz.s0",
        1 => $"data.fuzz.s1[{Pick(["0", "1", "2", "\"a\"", "\"b\""])}]",
        2 => $"data.fuzz.o0[{Pick(["\"a\"", "\"ab\"", "0", "1"])}]",
        3 => "x := data.fuzz.s0[_]",
        4 => rng.Next(2) == 0 ? "data.fuzz2" : "data",
        _ => "data.fuzz",
    };

    private string Fresh(string prefix) => $"{prefix}{_fresh++}";

    private string Pick(IReadOnlyList<string> items) => items[rng.Next(items.Count)];

    private static RegoString S(string s) => new(s);

    private static RegoNumber N(int n) => RegoNumber.Of(n);
}
