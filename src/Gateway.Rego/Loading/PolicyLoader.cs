using Gateway.Rego.Ast;
using Gateway.Rego.Parsing;
using Gateway.Rego.Values;

namespace Gateway.Rego.Loading;

/// <summary>The Rego modules and data documents found under a set of files and folders.</summary>
public sealed record PolicySources(IReadOnlyList<Module> Modules, RegoValue Data, IReadOnlyList<string> Files);

/// <summary>
/// Loads policy the way <c>opa eval -d</c> / <c>opa test</c> do: every <c>*.rego</c> file is a module;
/// every <c>*.json</c>, <c>*.yaml</c> or <c>*.yml</c> file is a data document merged into <c>data</c> at the
/// root (objects merge deeply; a conflicting non-object value is an error naming both files).
/// </summary>
public static class PolicyLoader
{
    public static PolicySources Load(IEnumerable<string> paths)
    {
        var modules = new List<Module>();
        RegoValue data = RegoObject.Empty;
        var files = new List<string>();
        foreach (var file in Expand(paths))
        {
            files.Add(file);
            var text = File.ReadAllText(file);
            var extension = Path.GetExtension(file).ToLowerInvariant();
            if (extension == ".rego")
            {
                try
                {
                    modules.Add(RegoParser.ParseModule(file, text));
                }
                catch (RegoParseException e)
                {
                    throw new RegoException(RegoErrorCodes.ParseError, e.Reason, e.Location);
                }
            }
            else
            {
                var document = extension == ".json" ? RegoJson.Parse(text) : Builtins.ExtYaml.Parse(text);
                data = Merge(data, document, file);
            }
        }
        return new PolicySources(modules, data, files);
    }

    /// <summary>Create an engine holding the loaded modules and data.</summary>
    public static RegoEngine CreateEngine(PolicySources sources)
    {
        var engine = new RegoEngine();
        foreach (var module in sources.Modules) engine.AddModule(module);
        engine.AddData(sources.Data);
        return engine;
    }

    private static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                yield return path;
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var extension = Path.GetExtension(file).ToLowerInvariant();
                    if (extension is ".rego" or ".json" or ".yaml" or ".yml") yield return file;
                }
            }
            else
            {
                throw new FileNotFoundException($"no such file or folder: {path}", path);
            }
        }
    }

    private static RegoValue Merge(RegoValue into, RegoValue document, string file)
    {
        if (into is RegoObject a && document is RegoObject b)
        {
            var merged = new Dictionary<RegoValue, RegoValue>(a.Items);
            foreach (var (key, value) in b.Items)
            {
                merged[key] = merged.TryGetValue(key, out var existing) ? Merge(existing, value, file) : value;
            }
            return new RegoObject(merged);
        }
        throw new RegoException(RegoErrorCodes.ParseError, $"{file}: data conflicts with a value loaded earlier (only objects merge)");
    }
}
