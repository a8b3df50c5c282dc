using System.Text;
using Gateway.Rego.Ast;
using Gateway.Rego.Values;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gateway.Rego.Parsing;

/// <summary>
/// Reads <c># METADATA</c> comment blocks as OPA does: a comment whose text starts with METADATA,
/// followed by comments on the next rows at column 1, whose text (minus one leading space) is YAML.
/// The YAML fields are turned into the object OPA's <c>rego.metadata.*</c> builtins return.
/// </summary>
internal static class AnnotationParser
{
    public const string ScopeRule = "rule";
    public const string ScopeDocument = "document";
    public const string ScopePackage = "package";
    public const string ScopeSubpackages = "subpackages";

    /// <summary>A METADATA block: the location of its METADATA line and its YAML text.</summary>
    public sealed record Block(Location Loc, string Yaml);

    /// <summary>The parsed YAML: the explicit scope (null if not given), whether it is an entrypoint, and the fields as a value.</summary>
    public sealed record Parsed(string? Scope, bool Entrypoint, Dictionary<RegoValue, RegoValue> Fields);

    public static List<Block> FindBlocks(string file, IReadOnlyList<Comment> comments)
    {
        var blocks = new List<Block>();
        StringBuilder? yaml = null;
        Location start = default;
        for (var i = 0; i < comments.Count; i++)
        {
            var c = comments[i];
            if (yaml is not null)
            {
                if (c.Row == comments[i - 1].Row + 1 && c.Col == 1)
                {
                    yaml.Append(c.Text.StartsWith(' ') ? c.Text[1..] : c.Text).Append('\n');
                    continue;
                }
                blocks.Add(new Block(start, yaml.ToString()));
                yaml = null;
            }
            if (c.Text.Trim().StartsWith("METADATA", StringComparison.Ordinal))
            {
                yaml = new StringBuilder();
                start = new Location(file, c.Row, c.Col, c.Offset, c.Text.Length + 1);
            }
        }
        if (yaml is not null) blocks.Add(new Block(start, yaml.ToString()));
        return blocks;
    }

    public static Parsed Parse(Block block)
    {
        if (string.IsNullOrWhiteSpace(block.Yaml)) throw Fail(block, "expected METADATA block, found whitespace");
        YamlMappingNode? root;
        try
        {
            PreScan(block);
            var stream = new YamlStream();
            stream.Load(new StringReader(block.Yaml));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
        }
        catch (YamlException e)
        {
            throw Fail(block, $"yaml: line {e.Start.Line}: {e.Message}");
        }
        catch (Exception e) when (e is not RegoParseException)
        {
            // YamlDotNet reports some malformed input with other exception types; it is still bad YAML.
            throw Fail(block, $"yaml: {e.Message}");
        }
        if (root is null) throw Fail(block, "yaml: metadata must be a mapping");

        string? scope = null;
        var entrypoint = false;
        var fields = new Dictionary<RegoValue, RegoValue>();
        foreach (var (keyNode, node) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            switch (key)
            {
                case "scope":
                    scope = Text(block, node, key);
                    break;
                case "title":
                case "description":
                    var text = Text(block, node, key);
                    if (text.Length > 0) fields[new RegoString(key)] = new RegoString(text);
                    break;
                case "entrypoint":
                    entrypoint = node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "True" or "TRUE" };
                    if (!entrypoint && node is not YamlScalarNode { Value: "false" or "False" or "FALSE" })
                    {
                        throw Fail(block, $"yaml: unmarshal errors: cannot unmarshal {Describe(node)} into bool");
                    }
                    break;
                case "organizations":
                    var orgs = List(block, node, key).Select(n => (RegoValue)new RegoString(Text(block, n, key))).ToArray();
                    if (orgs.Length > 0) fields[new RegoString(key)] = new RegoArray(orgs);
                    break;
                case "related_resources":
                    var resources = List(block, node, key).Select(n => RelatedResource(block, n)).ToArray();
                    if (resources.Length > 0) fields[new RegoString(key)] = new RegoArray(resources);
                    break;
                case "authors":
                    var authors = List(block, node, key).Select(n => Author(block, n)).ToArray();
                    if (authors.Length > 0) fields[new RegoString(key)] = new RegoArray(authors);
                    break;
                case "schemas":
                    var schemas = List(block, node, key).Select(n => Schema(block, n)).ToArray();
                    if (schemas.Length > 0) fields[new RegoString(key)] = new RegoArray(schemas);
                    break;
                case "custom":
                case "labels":
                    if (node is not YamlMappingNode map) throw Fail(block, $"yaml: unmarshal errors: cannot unmarshal {Describe(node)} into map");
                    if (map.Children.Count > 0) fields[new RegoString(key)] = ToValue(map);
                    break;
            }
        }
        if (entrypoint) fields[new RegoString("entrypoint")] = RegoBool.True;
        return new Parsed(scope, entrypoint, fields);
    }

    private const int MaxYamlDepth = 64;
    private const int MaxYamlEvents = 10_000;

    /// <summary>
    /// Walks the YAML events (YamlDotNet's event parser is iterative) before building the node tree,
    /// which recurses per nesting level: rejects deep nesting, aliases (whose expansion could blow up)
    /// and very large blocks.
    /// </summary>
    private static void PreScan(Block block)
    {
        var parser = new YamlDotNet.Core.Parser(new StringReader(block.Yaml));
        int depth = 0, events = 0;
        while (parser.MoveNext())
        {
            if (++events > MaxYamlEvents) throw Fail(block, "yaml: metadata block too large");
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.AnchorAlias:
                    throw Fail(block, "yaml: aliases are not supported in metadata");
                case YamlDotNet.Core.Events.SequenceStart or YamlDotNet.Core.Events.MappingStart:
                    if (++depth > MaxYamlDepth) throw Fail(block, "yaml: metadata nested too deeply");
                    break;
                case YamlDotNet.Core.Events.SequenceEnd or YamlDotNet.Core.Events.MappingEnd:
                    depth--;
                    break;
            }
        }
    }

    private static RegoParseException Fail(Block block, string message) => new(block.Loc, message);

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "!!seq",
        YamlMappingNode => "!!map",
        _ => "!!str",
    };

    private static string Text(Block block, YamlNode node, string key) =>
        node is YamlScalarNode s ? s.Value ?? "" : throw Fail(block, $"yaml: unmarshal errors: cannot unmarshal {Describe(node)} into string ({key})");

    private static IEnumerable<YamlNode> List(Block block, YamlNode node, string key) => node switch
    {
        YamlSequenceNode seq => seq.Children,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" } => [],
        _ => throw Fail(block, $"yaml: unmarshal errors: cannot unmarshal {Describe(node)} into list ({key})"),
    };

    private static RegoValue Obj(params (string Key, string Value)[] items)
    {
        var d = new Dictionary<RegoValue, RegoValue>();
        foreach (var (k, v) in items)
        {
            if (v.Length > 0) d[new RegoString(k)] = new RegoString(v);
        }
        return new RegoObject(d);
    }

    /// <summary>"Name &lt;email&gt;" or {name, email}.</summary>
    private static RegoValue Author(Block block, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode s:
            {
                var words = (s.Value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0) throw Fail(block, "invalid author definition: author is an empty string");
                var email = "";
                var nameWords = words.Length;
                var last = words[^1];
                if (last.Length >= 2 && last.StartsWith('<') && last.EndsWith('>'))
                {
                    email = last[1..^1];
                    nameWords--;
                }
                return Obj(("name", string.Join(' ', words.Take(nameWords))), ("email", email));
            }
            case YamlMappingNode m:
            {
                var name = MapText(m, "name").Trim();
                var email = MapText(m, "email").Trim();
                if (name.Length == 0 && email.Length == 0)
                {
                    throw Fail(block, "invalid author definition: 'name' and/or 'email' values required in object");
                }
                return Obj(("name", name), ("email", email));
            }
            default:
                throw Fail(block, "invalid author definition: invalid value type, must be string or map");
        }
    }

    private static RegoValue RelatedResource(Block block, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode s:
                var url = (s.Value ?? "").Trim();
                if (url.Length == 0) throw Fail(block, "invalid related-resource definition: ref URL may not be empty string");
                return Obj(("ref", url));
            case YamlMappingNode m:
                var reference = MapText(m, "ref").Trim();
                if (reference.Length == 0) throw Fail(block, "invalid related-resource definition: 'ref' value required in object");
                return Obj(("ref", reference), ("description", MapText(m, "description").Trim()));
            default:
                throw Fail(block, "invalid related-resource definition: invalid value type, must be string or map");
        }
    }

    /// <summary>One <c>path: schema-ref</c> or <c>path: {definition}</c> entry.</summary>
    private static RegoValue Schema(Block block, YamlNode node)
    {
        if (node is not YamlMappingNode { Children.Count: 1 } m) throw Fail(block, "invalid schema declaration");
        var (keyNode, value) = m.Children.First();
        var path = RefArray((keyNode as YamlScalarNode)?.Value) ?? throw Fail(block, "invalid document reference");
        var d = new Dictionary<RegoValue, RegoValue> { [new RegoString("path")] = path };
        switch (value)
        {
            case YamlScalarNode s:
                var schema = RefArray(s.Value);
                if (schema is null || schema.Count == 0 || schema[0] != new RegoString("schema")) throw Fail(block, "invalid schema reference");
                d[new RegoString("schema")] = schema;
                break;
            case YamlMappingNode def:
                d[new RegoString("definition")] = ToValue(def);
                break;
            default:
                throw Fail(block, $"invalid schema declaration for path \"{(keyNode as YamlScalarNode)?.Value}\"");
        }
        return new RegoObject(d);
    }

    /// <summary>A ref such as <c>input.a.b</c> as the array ["input", "a", "b"], or null if the text is not a ref.</summary>
    private static RegoArray? RefArray(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        Term term;
        try
        {
            term = RegoParser.ParseTerm(text);
        }
        catch (RegoParseException)
        {
            return null;
        }
        return term switch
        {
            VarTerm v => new RegoArray([new RegoString(v.Name)]),
            RefTerm { Head: VarTerm h } r when r.Path.All(p => p is ScalarTerm) =>
                new RegoArray([new RegoString(h.Name), .. r.Path.Select(p => ((ScalarTerm)p).Value)]),
            _ => null,
        };
    }

    private static string MapText(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value ?? "" : "";

    /// <summary>YAML to value: plain scalars typed by the YAML core schema, other scalars strings, map keys strings.</summary>
    private static RegoValue ToValue(YamlNode node) => node switch
    {
        YamlSequenceNode seq => new RegoArray(seq.Children.Select(ToValue).ToArray()),
        YamlMappingNode map => new RegoObject(map.Children.ToDictionary(
            kv => (RegoValue)new RegoString((kv.Key as YamlScalarNode)?.Value ?? ""),
            kv => ToValue(kv.Value))),
        YamlScalarNode { Style: ScalarStyle.Plain } s => PlainScalar(s.Value ?? ""),
        YamlScalarNode s => new RegoString(s.Value ?? ""),
        _ => RegoNull.Instance,
    };

    private static RegoValue PlainScalar(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => RegoNull.Instance,
        "true" or "True" or "TRUE" => RegoBool.True,
        "false" or "False" or "FALSE" => RegoBool.False,
        _ when text.Length > 0 && (char.IsAsciiDigit(text[0]) || (text.Length > 1 && text[0] is '-' or '+' or '.' && char.IsAsciiDigit(text[1])))
               && RegoNumber.Parse(text.TrimStart('+')) is { } n => n,
        _ => new RegoString(text),
    };
}
