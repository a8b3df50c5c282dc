namespace Gateway.Rego.Builtins.GraphQl.Validation;

/// <summary>One validation rule: hooks called by the <see cref="Walker"/>; a fresh instance per validation.</summary>
internal abstract class ValidationRule
{
    private List<GqlError>? _errors;

    internal void Attach(List<GqlError> errors) => _errors = errors;

    protected void Report(string message, GqlPosition? position) => _errors!.Add(new GqlError(message, position));

    public virtual void OnOperation(Walker walker, GqlOperationDefinition operation) { }
    public virtual void OnField(Walker walker, GqlField field) { }
    public virtual void OnFragment(Walker walker, GqlFragmentDefinition fragment) { }
    public virtual void OnInlineFragment(Walker walker, GqlInlineFragment inlineFragment) { }
    public virtual void OnFragmentSpread(Walker walker, GqlFragmentSpread fragmentSpread) { }
    public virtual void OnDirective(Walker walker, GqlDirective directive) { }
    public virtual void OnDirectiveList(Walker walker, List<GqlDirective> directives) { }
    public virtual void OnValue(Walker walker, GqlValue value) { }
    public virtual void OnVariable(Walker walker, GqlVariableDefinition variable) { }
}

/// <summary>gqlparser's validator.Validate: the spec's executable-document rules, in gqlparser's rule order.</summary>
internal static class QueryValidator
{
    private static ValidationRule[] CreateRules() =>
    [
        new FieldsOnCorrectType(),
        new FragmentsOnCompositeTypes(),
        new KnownArgumentNames(),
        new KnownDirectives(),
        new KnownFragmentNames(),
        new KnownRootType(),
        new KnownTypeNames(),
        new LoneAnonymousOperation(),
        new NoFragmentCycles(),
        new NoUndefinedVariables(),
        new NoUnusedFragments(),
        new NoUnusedVariables(),
        new OverlappingFieldsCanBeMerged(),
        new PossibleFragmentSpreads(),
        new ProvidedRequiredArguments(),
        new ScalarLeafs(),
        new SingleFieldSubscriptions(),
        new UniqueArgumentNames(),
        new UniqueDirectivesPerLocation(),
        new UniqueFragmentNames(),
        new UniqueInputFieldNames(),
        new UniqueOperationNames(),
        new UniqueVariableNames(),
        new ValuesOfCorrectType(),
        new VariablesAreInputTypes(),
        new VariablesInAllowedPosition(),
    ];

    /// <summary>All errors, in the order gqlparser reports them (empty when the query is valid). Annotates the document.</summary>
    public static List<GqlError> Validate(GqlSchema schema, GqlQueryDocument document)
    {
        var errors = new List<GqlError>();
        var rules = CreateRules();
        foreach (var r in rules) r.Attach(errors);
        new Walker(schema, document, rules).Walk();
        return errors;
    }
}
