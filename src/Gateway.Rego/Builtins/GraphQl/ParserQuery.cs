using System.Runtime.CompilerServices;

namespace Gateway.Rego.Builtins.GraphQl;

internal sealed partial class GqlParser
{
    private GqlQueryDocument ParseQueryDocument()
    {
        var doc = new GqlQueryDocument();
        while (Peek().Kind != TokenKind.EOF)
        {
            if (_err is not null) return doc;
            var tok = Peek();
            switch (tok.Kind)
            {
                case TokenKind.Name:
                    switch (tok.Value)
                    {
                        case GqlOperation.Query or GqlOperation.Mutation or GqlOperation.Subscription:
                            doc.Operations.Add(ParseOperationDefinition());
                            break;
                        case "fragment":
                            doc.Fragments.Add(ParseFragmentDefinition());
                            break;
                        default:
                            UnexpectedError();
                            break;
                    }
                    break;
                case TokenKind.BraceL:
                    doc.Operations.Add(ParseOperationDefinition());
                    break;
                default:
                    UnexpectedError();
                    break;
            }
        }
        return doc;
    }

    private GqlOperationDefinition ParseOperationDefinition()
    {
        if (Peek().Kind == TokenKind.BraceL)
        {
            var anonymous = new GqlOperationDefinition { Position = PeekPos(), Operation = GqlOperation.Query };
            anonymous.SelectionSet = ParseRequiredSelectionSet();
            return anonymous;
        }

        var od = new GqlOperationDefinition { Position = PeekPos() };
        od.Operation = ParseOperationType();
        if (Peek().Kind == TokenKind.Name) od.Name = Next().Value;
        od.VariableDefinitions = ParseVariableDefinitions();
        od.Directives = ParseDirectives(false);
        od.SelectionSet = ParseRequiredSelectionSet();
        return od;
    }

    private List<GqlVariableDefinition> ParseVariableDefinitions()
    {
        var defs = new List<GqlVariableDefinition>();
        Many(TokenKind.ParenL, TokenKind.ParenR, () => defs.Add(ParseVariableDefinition()));
        return defs;
    }

    private GqlVariableDefinition ParseVariableDefinition()
    {
        var def = new GqlVariableDefinition { Position = PeekPos() };
        def.Variable = ParseVariable();
        Expect(TokenKind.Colon);
        def.Type = ParseTypeReference();
        if (Skip(TokenKind.Equals)) def.DefaultValue = ParseValueLiteral(true);
        def.Directives = ParseDirectives(false);
        return def;
    }

    private List<GqlSelection> ParseOptionalSelectionSet()
    {
        var selections = new List<GqlSelection>();
        Some(TokenKind.BraceL, TokenKind.BraceR, () => selections.Add(ParseSelection()));
        return selections;
    }

    private List<GqlSelection> ParseRequiredSelectionSet()
    {
        if (Peek().Kind != TokenKind.BraceL)
        {
            Error(Peek(), $"Expected {Token.KindText(TokenKind.BraceL)}, found {Token.KindText(Peek().Kind)}");
            return [];
        }
        return ParseOptionalSelectionSet();
    }

    private GqlSelection ParseSelection()
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return Peek().Kind == TokenKind.Spread ? ParseFragment() : ParseField();
    }

    private GqlField ParseField()
    {
        var field = new GqlField { Position = PeekPos() };
        field.Alias = ParseName();
        field.Name = Skip(TokenKind.Colon) ? ParseName() : field.Alias;
        field.Arguments = ParseArguments(false);
        field.Directives = ParseDirectives(false);
        if (Peek().Kind == TokenKind.BraceL) field.SelectionSet = ParseOptionalSelectionSet();
        return field;
    }

    private GqlSelection ParseFragment()
    {
        Expect(TokenKind.Spread);
        var peek = Peek();
        if (peek.Kind == TokenKind.Name && peek.Value != "on")
        {
            var spread = new GqlFragmentSpread { Position = PeekPos() };
            spread.Name = ParseFragmentName();
            spread.Directives = ParseDirectives(false);
            return spread;
        }

        var def = new GqlInlineFragment { Position = PeekPos() };
        if (Peek().Value == "on")
        {
            Next();
            def.TypeCondition = ParseName();
        }
        def.Directives = ParseDirectives(false);
        def.SelectionSet = ParseRequiredSelectionSet();
        return def;
    }

    private GqlFragmentDefinition ParseFragmentDefinition()
    {
        var def = new GqlFragmentDefinition { Position = PeekPos() };
        ExpectKeyword("fragment");
        def.Name = ParseFragmentName();
        def.VariableDefinition = ParseVariableDefinitions();
        ExpectKeyword("on");
        def.TypeCondition = ParseName();
        def.Directives = ParseDirectives(false);
        def.SelectionSet = ParseRequiredSelectionSet();
        return def;
    }

    private string ParseFragmentName()
    {
        if (Peek().Value == "on")
        {
            UnexpectedError();
            return "";
        }
        return ParseName();
    }
}
