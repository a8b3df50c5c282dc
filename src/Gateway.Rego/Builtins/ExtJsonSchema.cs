using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// JSON Schema (drafts 4/6/7) validation with gojsonschema's error model, as OPA's json.match_schema reports it:
/// each error is {error: "field: desc", type, field, desc}, field being "(root)" or a dotted path ("a.0.b").
/// Covers the common keywords; remote $ref and "format" are not supported.
/// </summary>
internal static class ExtJsonSchema
{
    internal sealed record SchemaError(string Type, string Field, string Description)
    {
        public RegoObject ToValue() => new(new Dictionary<RegoValue, RegoValue>
        {
            [new RegoString("error")] = new RegoString($"{Field}: {Description}"),
            [new RegoString("type")] = new RegoString(Type),
            [new RegoString("field")] = new RegoString(Field),
            [new RegoString("desc")] = new RegoString(Description),
        });
    }

    private static readonly HashSet<string> TypeNames = ["array", "boolean", "integer", "number", "null", "object", "string"];

    /// <summary>Loads a schema or document argument: a JSON string or an object/array value.</summary>
    public static RegoValue Load(RegoValue v) => v switch
    {
        RegoString s => ExtGoJson.IsValid(s.Value) ? RegoJson.Parse(s.Value) : throw new BuiltinException("invalid JSON string"),
        RegoObject or RegoArray => RegoJson.Parse(RegoJson.ToJson(v)),
        _ => throw new BuiltinException("wrong type, expected string or object"),
    };

    /// <summary>Checks the schema itself; throws a BuiltinException whose message is gojsonschema-like.</summary>
    public static void Compile(RegoValue schema) => CheckSchema(schema, schema, new HashSet<RegoValue>(ReferenceEqualityComparer.Instance));

    private static void CheckSchema(RegoValue root, RegoValue schema, HashSet<RegoValue> seen)
    {
        if (schema is RegoBool) return;
        if (schema is not RegoObject s) throw new BuiltinException($"Invalid type. Expected: object, given: {Given(schema)}");
        if (!seen.Add(s)) return;
        if (s.Get("type") is { } type)
        {
            var names = type switch
            {
                RegoString ts => [ts],
                RegoArray ta => ta.AsList(),
                _ => throw new BuiltinException("Invalid type. Expected: string/array of strings, given: type"),
            };
            foreach (var n in names)
            {
                if (n is not RegoString ns || !TypeNames.Contains(ns.Value))
                {
                    throw new BuiltinException($"has a primitive type that is NOT VALID -- given: /{(n as RegoString)?.Value ?? RegoJson.ToJson(n)}/ Expected valid values are:[array boolean integer number null object string]");
                }
            }
        }
        foreach (var kw in new[] { "minimum", "maximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties" })
        {
            if (s.Get(kw) is { } v && v is not RegoNumber) throw new BuiltinException($"Invalid type. Expected: number, given: {kw}");
        }
        if (s.Get("required") is { } req && (req is not RegoArray ra || ra.Items.ToArray().Any(x => x is not RegoString)))
        {
            throw new BuiltinException("Invalid type. Expected: array of strings, given: required");
        }
        if (s.Get("pattern") is { } pat)
        {
            if (pat is not RegoString ps) throw new BuiltinException("Invalid type. Expected: string, given: pattern");
            try { _ = new Regex(ps.Value); }
            catch (ArgumentException) { throw new BuiltinException($"Invalid regex pattern '{ps.Value}'"); }
        }
        if (s.Get("properties") is { } props)
        {
            if (props is not RegoObject po) throw new BuiltinException("Invalid type. Expected: object, given: properties");
            foreach (var (_, sub) in po.Items) CheckSchema(root, sub, seen);
        }
        foreach (var kw in new[] { "additionalProperties", "not", "items", "additionalItems", "contains", "if", "then", "else", "propertyNames" })
        {
            if (s.Get(kw) is { } sub)
            {
                if (kw == "items" && sub is RegoArray items) { foreach (var i in items.Items) CheckSchema(root, i, seen); }
                else CheckSchema(root, sub, seen);
            }
        }
        foreach (var kw in new[] { "anyOf", "allOf", "oneOf" })
        {
            if (s.Get(kw) is { } list)
            {
                if (list is not RegoArray la || la.Count == 0) throw new BuiltinException($"{kw} must be a non-empty array");
                foreach (var sub in la.Items) CheckSchema(root, sub, seen);
            }
        }
        if (s.Get("$ref") is RegoString r) CheckSchema(root, Resolve(root, r.Value), seen);
    }

    private static RegoValue Resolve(RegoValue root, string reference)
    {
        if (!reference.StartsWith('#')) throw new BuiltinException($"Unable to resolve remote reference {reference}");
        var node = root;
        var pointer = Uri.UnescapeDataString(reference[1..]);
        if (pointer.Length == 0) return root;
        foreach (var raw in pointer.TrimStart('/').Split('/'))
        {
            var part = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                RegoObject o => o.Get(part) ?? throw new BuiltinException($"Object has no key '{part}'"),
                RegoArray a when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw new BuiltinException($"Object has no key '{part}'"),
            };
        }
        return node;
    }

    public static List<SchemaError> Validate(RegoValue root, RegoValue doc)
    {
        var errors = new List<SchemaError>();
        Validate(root, root, doc, "(root)", errors, 0);
        return errors;
    }

    private static string FieldName(string context) => context;

    private static string Child(string context, string name) => context == "(root)" ? name : context + "." + name;

    private static string Given(RegoValue v) => v switch
    {
        RegoNull => "null",
        RegoBool => "boolean",
        RegoNumber n => n.IsInteger ? "integer" : "number",
        RegoString => "string",
        RegoArray or RegoSet => "array",
        _ => "object",
    };

    private static bool TypeMatches(string type, RegoValue v) => type switch
    {
        "integer" => v is RegoNumber { IsInteger: true },
        "number" => v is RegoNumber,
        _ => Given(v) == type,
    };

    private static void Validate(RegoValue root, RegoValue schemaValue, RegoValue doc, string ctx, List<SchemaError> errors, int depth)
    {
        if (depth > 512) throw new BuiltinException("schema recursion too deep");
        if (schemaValue is RegoBool b)
        {
            if (!b.Value) errors.Add(new SchemaError("false", ctx, "False always fails validation"));
            return;
        }
        if (schemaValue is not RegoObject s) return;
        if (s.Get("$ref") is RegoString r)
        {
            Validate(root, Resolve(root, r.Value), doc, ctx, errors, depth + 1);
            return;
        }
        if (s.Get("type") is { } type)
        {
            var types = type is RegoArray ta ? ta.Items.ToArray().OfType<RegoString>().Select(x => x.Value).ToList() : [((RegoString)type).Value];
            if (!types.Any(t => TypeMatches(t, doc)))
            {
                var expected = types.Count == 1 ? types[0] : "[" + string.Join(",", types) + "]";
                errors.Add(new SchemaError("invalid_type", ctx, $"Invalid type. Expected: {expected}, given: {Given(doc)}"));
                return;
            }
        }
        ValidateComposition(root, s, doc, ctx, errors, depth);
        if (s.Get("const") is { } c && !c.Equals(doc))
        {
            errors.Add(new SchemaError("const", ctx, $"{ctx} does not match: {ExtGoJson.Marshal(c)}"));
        }
        if (s.Get("enum") is RegoArray en && !en.Items.ToArray().Contains(doc))
        {
            var allowed = string.Join(", ", en.Items.ToArray().Select(x => ExtGoJson.Marshal(x)));
            errors.Add(new SchemaError("enum", ctx, $"{ctx} must be one of the following: {allowed}"));
        }
        switch (doc)
        {
            case RegoObject o: ValidateObject(root, s, o, ctx, errors, depth); break;
            case RegoArray a: ValidateArray(root, s, a, ctx, errors, depth); break;
            case RegoString str: ValidateString(s, str.Value, ctx, errors); break;
            case RegoNumber n: ValidateNumber(s, n, ctx, errors); break;
        }
    }

    private static List<SchemaError> Sub(RegoValue root, RegoValue schema, RegoValue doc, string ctx, int depth)
    {
        var list = new List<SchemaError>();
        Validate(root, schema, doc, ctx, list, depth + 1);
        return list;
    }

    private static void ValidateComposition(RegoValue root, RegoObject s, RegoValue doc, string ctx, List<SchemaError> errors, int depth)
    {
        if (s.Get("anyOf") is RegoArray anyOf)
        {
            List<SchemaError>? best = null;
            var ok = false;
            foreach (var sub in anyOf.Items)
            {
                var res = Sub(root, sub, doc, ctx, depth);
                if (res.Count == 0) { ok = true; break; }
                if (best is null || res.Count < best.Count) best = res;
            }
            if (!ok)
            {
                errors.Add(new SchemaError("number_any_of", ctx, "Must validate at least one schema (anyOf)"));
                if (best is not null) errors.AddRange(best);
            }
        }
        if (s.Get("oneOf") is RegoArray oneOf)
        {
            var valid = 0;
            List<SchemaError>? best = null;
            foreach (var sub in oneOf.Items)
            {
                var res = Sub(root, sub, doc, ctx, depth);
                if (res.Count == 0) valid++;
                else if (best is null || res.Count < best.Count) best = res;
            }
            if (valid != 1)
            {
                errors.Add(new SchemaError("number_one_of", ctx, "Must validate one and only one schema (oneOf)"));
                if (valid == 0 && best is not null) errors.AddRange(best);
            }
        }
        if (s.Get("allOf") is RegoArray allOf)
        {
            var valid = 0;
            foreach (var sub in allOf.Items)
            {
                var res = Sub(root, sub, doc, ctx, depth);
                if (res.Count == 0) valid++;
                errors.AddRange(res);
            }
            if (valid != allOf.Count) errors.Add(new SchemaError("number_all_of", ctx, "Must validate all the schemas (allOf)"));
        }
        if (s.Get("not") is { } not && Sub(root, not, doc, ctx, depth).Count == 0)
        {
            errors.Add(new SchemaError("number_not", ctx, "Must not validate the schema (not)"));
        }
        if (s.Get("if") is { } cond)
        {
            if (Sub(root, cond, doc, ctx, depth).Count == 0)
            {
                if (s.Get("then") is { } then)
                {
                    var res = Sub(root, then, doc, ctx, depth);
                    if (res.Count > 0)
                    {
                        errors.AddRange(res);
                        errors.Add(new SchemaError("condition_then", ctx, "Must validate \"then\" as \"if\" was valid"));
                    }
                }
            }
            else if (s.Get("else") is { } els)
            {
                var res = Sub(root, els, doc, ctx, depth);
                if (res.Count > 0)
                {
                    errors.AddRange(res);
                    errors.Add(new SchemaError("condition_else", ctx, "Must validate \"else\" as \"if\" was not valid"));
                }
            }
        }
        if (s.Get("dependencies") is RegoObject deps && doc is RegoObject obj)
        {
            foreach (var key in deps.SortedKeys)
            {
                if (!obj.Items.ContainsKey(key)) continue;
                switch (deps.Items[key])
                {
                    case RegoArray needed:
                        foreach (var n in needed.Items)
                        {
                            if (!obj.Items.ContainsKey(n)) errors.Add(new SchemaError("missing_dependency", ctx, $"Has a dependency on {((RegoString)n).Value}"));
                        }
                        break;
                    case var sub:
                        errors.AddRange(Sub(root, sub, doc, ctx, depth));
                        break;
                }
            }
        }
    }

    private static void ValidateObject(RegoValue root, RegoObject s, RegoObject o, string ctx, List<SchemaError> errors, int depth)
    {
        if (s.Get("maxProperties") is RegoNumber maxP && o.Count > maxP.ToDouble())
            errors.Add(new SchemaError("array_max_properties", ctx, $"Must have at most {maxP.ToJsonText()} properties"));
        if (s.Get("minProperties") is RegoNumber minP && o.Count < minP.ToDouble())
            errors.Add(new SchemaError("array_min_properties", ctx, $"Must have at least {minP.ToJsonText()} properties"));
        if (s.Get("required") is RegoArray req)
        {
            foreach (var p in req.Items)
            {
                if (!o.Items.ContainsKey(p)) errors.Add(new SchemaError("required", ctx, $"{((RegoString)p).Value} is required"));
            }
        }
        var props = s.Get("properties") as RegoObject;
        var patterns = s.Get("patternProperties") as RegoObject;
        foreach (var key in o.SortedKeys)
        {
            var name = key is RegoString ks ? ks.Value : RegoJson.ToJson(key);
            var found = props?.Items.ContainsKey(key) == true;
            var patternMatched = false;
            if (patterns is not null)
            {
                foreach (var (pk, psub) in patterns.Items)
                {
                    if (pk is RegoString pks && Regex.IsMatch(name, pks.Value))
                    {
                        patternMatched = true;
                        errors.AddRange(Sub(root, psub, o.Items[key], Child(ctx, name), depth));
                    }
                }
            }
            if (found || patternMatched) continue;
            switch (s.Get("additionalProperties"))
            {
                case RegoBool { Value: false }:
                    errors.Add(new SchemaError("additional_property_not_allowed", ctx, $"Additional property {name} is not allowed"));
                    break;
                case RegoObject ap:
                    errors.AddRange(Sub(root, ap, o.Items[key], Child(ctx, name), depth));
                    break;
            }
        }
        if (s.Get("propertyNames") is { } pn)
        {
            foreach (var key in o.SortedKeys)
            {
                if (Sub(root, pn, key, ctx, depth).Count > 0)
                    errors.Add(new SchemaError("invalid_property_name", ctx, $"Property name of \"{(key as RegoString)?.Value}\" does not match"));
            }
        }
        if (props is not null)
        {
            foreach (var key in props.SortedKeys)
            {
                if (o.TryGetValue(key, out var v)) Validate(root, props.Items[key], v, Child(ctx, ((RegoString)key).Value), errors, depth + 1);
            }
        }
    }

    private static void ValidateArray(RegoValue root, RegoObject s, RegoArray a, string ctx, List<SchemaError> errors, int depth)
    {
        switch (s.Get("items"))
        {
            case RegoArray tuple:
                for (var i = 0; i < a.Count && i < tuple.Count; i++) Validate(root, tuple[i], a[i], Child(ctx, i.ToString(CultureInfo.InvariantCulture)), errors, depth + 1);
                if (a.Count > tuple.Count)
                {
                    switch (s.Get("additionalItems"))
                    {
                        case RegoBool { Value: false }:
                            errors.Add(new SchemaError("array_no_additional_items", ctx, "No additional items allowed on array"));
                            break;
                        case RegoObject extra:
                            for (var i = tuple.Count; i < a.Count; i++) Validate(root, extra, a[i], Child(ctx, i.ToString(CultureInfo.InvariantCulture)), errors, depth + 1);
                            break;
                    }
                }
                break;
            case { } items:
                for (var i = 0; i < a.Count; i++) Validate(root, items, a[i], Child(ctx, i.ToString(CultureInfo.InvariantCulture)), errors, depth + 1);
                break;
        }
        if (s.Get("minItems") is RegoNumber min && a.Count < min.ToDouble())
            errors.Add(new SchemaError("array_min_items", ctx, $"Array must have at least {min.ToJsonText()} items"));
        if (s.Get("maxItems") is RegoNumber max && a.Count > max.ToDouble())
            errors.Add(new SchemaError("array_max_items", ctx, $"Array must have at most {max.ToJsonText()} items"));
        if (s.Get("uniqueItems") is RegoBool { Value: true })
        {
            for (var i = 0; i < a.Count; i++)
            {
                for (var j = i + 1; j < a.Count; j++)
                {
                    if (a[i].Equals(a[j]))
                    {
                        errors.Add(new SchemaError("unique", ctx, $"array items[{i},{j}] must be unique"));
                        i = a.Count;
                        break;
                    }
                }
            }
        }
        if (s.Get("contains") is { } contains && !a.Items.ToArray().Any(x => Sub(root, contains, x, ctx, depth).Count == 0))
        {
            errors.Add(new SchemaError("contains", ctx, "At least one of the items must match"));
        }
    }

    private static void ValidateString(RegoObject s, string value, string ctx, List<SchemaError> errors)
    {
        var length = value.EnumerateRunes().Count();
        if (s.Get("minLength") is RegoNumber min && length < min.ToDouble())
            errors.Add(new SchemaError("string_gte", ctx, $"String length must be greater than or equal to {min.ToJsonText()}"));
        if (s.Get("maxLength") is RegoNumber max && length > max.ToDouble())
            errors.Add(new SchemaError("string_lte", ctx, $"String length must be less than or equal to {max.ToJsonText()}"));
        if (s.Get("pattern") is RegoString p && !Regex.IsMatch(value, p.Value))
            errors.Add(new SchemaError("pattern", ctx, $"Does not match pattern '{p.Value}'"));
    }

    private static void ValidateNumber(RegoObject s, RegoNumber n, string ctx, List<SchemaError> errors)
    {
        if (s.Get("multipleOf") is RegoNumber m && m.Sign != 0)
        {
            var q = RegoNumber.Divide(n, m);
            if (!q.IsInteger) errors.Add(new SchemaError("multiple_of", ctx, $"Must be a multiple of {m.ToJsonText()}"));
        }
        var exMax = s.Get("exclusiveMaximum");
        var exMin = s.Get("exclusiveMinimum");
        if (s.Get("maximum") is RegoNumber max)
        {
            if (exMax is RegoBool { Value: true })
            {
                if (RegoNumber.CompareNumbers(n, max) >= 0) errors.Add(new SchemaError("number_lt", ctx, $"Must be less than {max.ToJsonText()}"));
            }
            else if (RegoNumber.CompareNumbers(n, max) > 0)
            {
                errors.Add(new SchemaError("number_lte", ctx, $"Must be less than or equal to {max.ToJsonText()}"));
            }
        }
        if (exMax is RegoNumber exMaxN && RegoNumber.CompareNumbers(n, exMaxN) >= 0)
            errors.Add(new SchemaError("number_lt", ctx, $"Must be less than {exMaxN.ToJsonText()}"));
        if (s.Get("minimum") is RegoNumber min)
        {
            if (exMin is RegoBool { Value: true })
            {
                if (RegoNumber.CompareNumbers(n, min) <= 0) errors.Add(new SchemaError("number_gt", ctx, $"Must be greater than {min.ToJsonText()}"));
            }
            else if (RegoNumber.CompareNumbers(n, min) < 0)
            {
                errors.Add(new SchemaError("number_gte", ctx, $"Must be greater than or equal to {min.ToJsonText()}"));
            }
        }
        if (exMin is RegoNumber exMinN && RegoNumber.CompareNumbers(n, exMinN) <= 0)
            errors.Add(new SchemaError("number_gt", ctx, $"Must be greater than {exMinN.ToJsonText()}"));
    }
}
