using Gateway.Rego.Ast;
using Gateway.Rego.Builtins;
using Gateway.Rego.Compilation;
using Gateway.Rego.Parsing;
using Gateway.Rego.Values;

namespace Gateway.Rego;

/// <summary>
/// The front of the Rego engine: add policy modules and base data, then prepare queries and evaluate
/// them (many times, from many threads).
/// <code>
/// var engine = new RegoEngine();
/// engine.AddModule("admission.rego", text);
/// engine.AddDataJson("{\"registries\": [\"acr.example\"]}");
/// var deny = engine.Prepare("data.gateway.admission.deny");
/// QueryResult r = deny.Evaluate(input);
/// </code>
/// Adding modules or data after <see cref="Prepare"/> does not affect queries already prepared.
/// Errors are <see cref="RegoException"/>s carrying OPA's error codes.
/// </summary>
public sealed class RegoEngine
{
    private readonly BuiltinRegistry _builtins;
    private readonly List<Module> _modules = [];
    private RegoValue _data = RegoObject.Empty;
    private CompiledPolicy? _compiled;
    private readonly Lock _lock = new();

    public RegoEngine()
        : this(BuiltinRegistry.Default)
    {
    }

    /// <summary>An engine with a custom builtin table (e.g. the default one cloned with extensions added).</summary>
    public RegoEngine(BuiltinRegistry builtins)
    {
        _builtins = builtins;
    }

    /// <summary>
    /// How many times a rule body runs interpreted before it is compiled to IL: 0 compiles every body at its first
    /// run, a negative value keeps everything interpreted. Compiled and interpreted evaluation give the same results
    /// and errors; compiling a body costs about as much as some hundred interpreted runs of it.
    /// </summary>
    public int CodegenThreshold
    {
        get => _codegenThreshold;
        set
        {
            lock (_lock)
            {
                _codegenThreshold = value;
                _compiled = null;
            }
        }
    }

    private int _codegenThreshold = CompiledPolicy.DefaultCodegenThreshold;

    /// <summary>Parse and add a module; a module with the same file name is replaced.</summary>
    public void AddModule(string fileName, string text)
    {
        Module module;
        try
        {
            module = RegoParser.ParseModule(fileName, text);
        }
        catch (RegoParseException e)
        {
            throw new RegoException(RegoErrorCodes.ParseError, e.Reason, e.Location);
        }
        AddModule(module);
    }

    public void AddModule(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        lock (_lock)
        {
            _modules.RemoveAll(m => m.FileName == module.FileName);
            _modules.Add(module);
            _compiled = null;
        }
    }

    /// <summary>Merge an object into the base data document (objects merge deeply; other values replace).</summary>
    public void AddData(RegoValue data)
    {
        if (data is not RegoObject obj) throw new ArgumentException("data must be an object", nameof(data));
        lock (_lock) _data = Merge(_data, obj);
    }

    /// <summary>Merge a JSON object into the base data document.</summary>
    public void AddDataJson(string json) => AddData(RegoJson.Parse(json));

    /// <summary>Replace the base data document.</summary>
    public void SetData(RegoValue data)
    {
        if (data is not RegoObject) throw new ArgumentException("data must be an object", nameof(data));
        lock (_lock) _data = data;
    }

    /// <summary>Compile the modules now (otherwise the first <see cref="Prepare"/> does). Throws on compile errors.</summary>
    public void Compile()
    {
        _ = Compiled();
    }

    /// <summary>Parse and compile a query against the current modules and data.</summary>
    public PreparedQuery Prepare(string query)
    {
        Body body;
        try
        {
            body = RegoParser.ParseQuery(query);
        }
        catch (RegoParseException e)
        {
            throw new RegoException(RegoErrorCodes.ParseError, e.Reason, e.Location);
        }
        return Prepare(query, body, valueMode: true);
    }

    internal PreparedQuery Prepare(string text, Body body, bool valueMode)
    {
        CompiledPolicy policy;
        RegoValue data;
        lock (_lock)
        {
            policy = Compiled();
            data = _data;
        }
        var ir = Compiler.CompileQuery(policy, body, valueMode);
        return new PreparedQuery(text, policy, ir, data);
    }

    /// <summary>Prepare and evaluate in one step.</summary>
    public QueryResult Evaluate(string query, RegoValue? input = null, EvaluationOptions? options = null) =>
        Prepare(query).Evaluate(input, options);

    private CompiledPolicy Compiled()
    {
        lock (_lock)
        {
            return _compiled ??= Compiler.CompileModules(_modules, _builtins, codegenThreshold: _codegenThreshold);
        }
    }

    private static RegoValue Merge(RegoValue target, RegoObject add)
    {
        if (target is not RegoObject t) return add;
        var d = new Dictionary<RegoValue, RegoValue>(t.Items);
        foreach (var (k, v) in add.Items)
        {
            d[k] = d.TryGetValue(k, out var existing) && v is RegoObject vo ? Merge(existing, vo) : v;
        }
        return new RegoObject(d);
    }
}
