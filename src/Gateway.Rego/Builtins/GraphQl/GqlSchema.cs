namespace Gateway.Rego.Builtins.GraphQl;

/// <summary>A validated schema: the types and directives by name, the root operation types and the possible-type index.</summary>
internal sealed class GqlSchema
{
    public GqlDefinition? Query { get; set; }
    public GqlDefinition? Mutation { get; set; }
    public GqlDefinition? Subscription { get; set; }
    public string Description { get; set; } = "";

    public Dictionary<string, GqlDefinition> Types { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, GqlDirectiveDefinition> Directives { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<GqlDefinition>> PossibleTypes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<GqlDefinition>> Implements { get; } = new(StringComparer.Ordinal);

    public GqlDefinition? Type(string name) => Types.GetValueOrDefault(name);

    public GqlDefinition? RootFor(string operation) => operation switch
    {
        GqlOperation.Query or "" => Query,
        GqlOperation.Mutation => Mutation,
        GqlOperation.Subscription => Subscription,
        _ => null,
    };

    public void AddPossibleType(string name, GqlDefinition? def) => Add(PossibleTypes, name, def);

    public void AddImplements(string name, GqlDefinition? def) => Add(Implements, name, def);

    private static void Add(Dictionary<string, List<GqlDefinition>> index, string name, GqlDefinition? def)
    {
        if (def is null) return; // an undefined member; schema validation reports it
        if (!index.TryGetValue(name, out var list)) index[name] = list = [];
        list.Add(def);
    }

    /// <summary>The object types a union or interface may resolve to (for an object, the object itself).</summary>
    public IEnumerable<GqlDefinition> GetPossibleTypes(GqlDefinition def)
    {
        if (def.Kind == GqlKind.Union)
        {
            foreach (var t in def.Types)
            {
                if (Types.TryGetValue(t, out var member)) yield return member;
            }
            yield break;
        }
        if (PossibleTypes.TryGetValue(def.Name, out var list))
        {
            foreach (var d in list) yield return d;
        }
    }
}
