using Gateway.Rego.Builtins;

namespace Gateway.Rego.Compilation;

/// <summary>The output of compiling a set of modules: the rule tree and the builtins the rules were resolved against. Immutable.</summary>
internal sealed class CompiledPolicy(DataNode root, BuiltinRegistry builtins, int nodeCount)
{
    public DataNode Root { get; } = root;
    public BuiltinRegistry Builtins { get; } = builtins;

    /// <summary>Node ids are dense in [0, NodeCount): evaluators index per-node caches by id.</summary>
    public int NodeCount { get; } = nodeCount;

    /// <summary>Calls of small functions were inlined (Compiler.Inlining); queries compiled against the policy inline them too.</summary>
    public bool InlinesFunctions { get; init; } = true;

    /// <summary>
    /// Interpreted runs of a rule body before it is compiled to IL (Evaluation/Codegen): 0 compiles at the first
    /// run, a negative value never. Compiling costs far more than one interpreted run, so only bodies that keep
    /// running are worth it.
    /// </summary>
    public int CodegenThreshold { get; init; } = DefaultCodegenThreshold;

    public const int DefaultCodegenThreshold = 16;
}

/// <summary>A compiled query: its body, frame size, and the user-visible variables reported in results.</summary>
internal sealed class IrQuery
{
    public required IrBody Body { get; init; }
    public required int FrameSize { get; init; }
    public required string[] SlotNames { get; init; }

    /// <summary>Variables reported in result bindings: (name, slot), excluding wildcards and generated variables.</summary>
    public required (string Name, int Slot)[] ResultVars { get; init; }

    /// <summary>When the query is a single term (e.g. <c>data.a.deny</c>), the slot holding its value.</summary>
    public int ValueSlot { get; init; } = -1;
}
