using System.Globalization;
using System.Numerics;
using Gateway.Rego.Values;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gateway.Rego.Conformance;

/// <summary>
/// One OPA conformance case (see /work/shared/rego-conformance/README.md for what each field means).
/// Absent optional fields are null (booleans default to false). Values are converted from YAML with
/// the scalar style kept: plain scalars are null/bool/number per the YAML core schema, quoted and
/// block scalars are strings.
/// </summary>
public sealed record ConformanceCase(
    string FilePath,
    string Note,
    string Query,
    IReadOnlyList<string>? Modules,
    RegoValue? Data,
    RegoValue? Input,
    string? InputTerm,
    IReadOnlyList<IReadOnlyDictionary<string, RegoValue>>? WantResult,
    string? WantErrorCode,
    string? WantError,
    bool StrictError,
    bool SortBindings,
    bool IgnoreGeneratedVars)
{
    public override string ToString() => Note;
}

public static class ConformanceCaseLoader
{
    private const string RelativeDir = "shared/rego-conformance/v1";

    /// <summary>
    /// The v1 case directory: $REGO_CONFORMANCE_DIR, else the first <c>shared/rego-conformance/v1</c>
    /// found walking up from the test binaries, else /work/shared/rego-conformance/v1.
    /// </summary>
    public static string FindDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("REGO_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Directory.Exists(fromEnv)
                ? fromEnv
                : throw new DirectoryNotFoundException($"REGO_CONFORMANCE_DIR={fromEnv} does not exist");
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativeDir);
            if (Directory.Exists(candidate)) return candidate;
        }
        const string fallback = "/work/" + RelativeDir;
        return Directory.Exists(fallback)
            ? fallback
            : throw new DirectoryNotFoundException(
                $"Rego conformance cases not found: set REGO_CONFORMANCE_DIR or provide {RelativeDir} above {AppContext.BaseDirectory}");
    }

    /// <summary>Every case of every <c>*.yaml</c> file under <paramref name="dir"/>, in file-name order.</summary>
    public static IReadOnlyList<ConformanceCase> LoadAll(string dir)
    {
        var files = Directory.GetFiles(dir, "*.yaml", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        var cases = new List<ConformanceCase>();
        foreach (var file in files) cases.AddRange(LoadFile(file));
        return cases;
    }

    public static IReadOnlyList<ConformanceCase> LoadFile(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file))
        {
            stream.Load(reader);
        }
        if (stream.Documents.Count == 0) return [];
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        if (!root.Children.TryGetValue(new YamlScalarNode("cases"), out var casesNode) || casesNode is not YamlSequenceNode seq)
        {
            throw new InvalidDataException($"{file}: expected a 'cases' list");
        }
        return seq.Children.Select(n => ReadCase(file, (YamlMappingNode)n)).ToList();
    }

    private static ConformanceCase ReadCase(string file, YamlMappingNode node)
    {
        YamlNode? Get(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;
        string? Text(string key) => Get(key) is YamlScalarNode s ? s.Value : null;
        bool Flag(string key) => Get(key) is YamlScalarNode { Value: "true" };

        var note = Text("note") ?? throw new InvalidDataException($"{file}: case without note");
        var modules = Get("modules") is YamlSequenceNode ms
            ? ms.Children.Select(m => ((YamlScalarNode)m).Value ?? "").ToList()
            : null;
        List<IReadOnlyDictionary<string, RegoValue>>? want = null;
        if (Get("want_result") is YamlSequenceNode results)
        {
            want = results.Children
                .Select(r => (IReadOnlyDictionary<string, RegoValue>)((YamlMappingNode)r).Children.ToDictionary(
                    kv => ((YamlScalarNode)kv.Key).Value ?? "",
                    kv => ToValue(kv.Value)))
                .ToList();
        }

        return new ConformanceCase(
            file,
            note,
            Text("query") ?? "",
            modules,
            Get("data") is { } data ? ToValue(data) : null,
            Get("input") is { } input ? ToValue(input) : null,
            Text("input_term"),
            want,
            Text("want_error_code"),
            Text("want_error"),
            Flag("strict_error"),
            Flag("sort_bindings"),
            Flag("ignore_generated_vars"));
    }

    /// <summary>Converts a YAML node to a Rego value; mapping keys are always strings (they come from JSON).</summary>
    public static RegoValue ToValue(YamlNode node) => node switch
    {
        YamlScalarNode s => ScalarValue(s),
        YamlSequenceNode seq => new RegoArray(seq.Children.Select(ToValue).ToArray()),
        YamlMappingNode map => new RegoObject(map.Children.ToDictionary(
            kv => (RegoValue)new RegoString(((YamlScalarNode)kv.Key).Value ?? ""),
            kv => ToValue(kv.Value))),
        _ => throw new InvalidDataException($"unsupported YAML node {node.NodeType} at {node.Start}"),
    };

    private static RegoValue ScalarValue(YamlScalarNode s)
    {
        var text = s.Value ?? "";
        if (s.Style != ScalarStyle.Plain) return new RegoString(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return RegoNull.Instance;
            case "true" or "True" or "TRUE":
                return RegoBool.True;
            case "false" or "False" or "FALSE":
                return RegoBool.False;
        }
        if (text.StartsWith("0x", StringComparison.Ordinal) &&
            BigInteger.TryParse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return RegoNumber.Of(hex);
        }
        var trimmed = text.StartsWith('+') ? text[1..] : text;
        if (trimmed.Length > 0 && (char.IsAsciiDigit(trimmed[0]) || trimmed[0] is '-' or '.') && RegoNumber.Parse(trimmed) is { } n)
        {
            return n;
        }
        return new RegoString(text);
    }
}
