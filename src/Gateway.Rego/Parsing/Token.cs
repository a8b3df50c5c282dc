namespace Gateway.Rego.Parsing;

internal enum TokenKind : byte
{
    /// <summary>A character or sequence the lexer rejected; <see cref="Token.Text"/> holds the reason, if any.</summary>
    Illegal,
    Eof,
    Ident,
    Number,
    /// <summary>A string literal ("…" or `…`); <see cref="Token.Text"/> holds the decoded value.</summary>
    String,
    /// <summary>One literal piece of a template string; see <see cref="Token.TemplateFirst"/> and <see cref="Token.TemplateLast"/>.</summary>
    TemplatePart,

    // Keywords.
    Package,
    Import,
    As,
    Default,
    Else,
    Not,
    Some,
    With,
    Null,
    True,
    False,
    In,
    Every,
    Contains,
    If,

    // Punctuation and operators.
    LBrack,
    RBrack,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    Semicolon,
    Dot,
    Add,
    Sub,
    Mul,
    Quo,
    Rem,
    And,
    Or,
    Unify,
    Assign,
    Equal,
    Neq,
    Lt,
    Lte,
    Gt,
    Gte,
}

/// <summary>
/// One lexical token. Whitespace and comments are not tokens; instead each token records whether
/// whitespace (<see cref="SpaceBefore"/>) or a newline (<see cref="NewlineBefore"/>) preceded it,
/// because Rego gives both meaning: <c>a [1]</c> is not a ref and a newline separates literals.
/// </summary>
internal readonly record struct Token(
    TokenKind Kind,
    int Start,
    int End,
    int Row,
    int Col,
    string? Text,
    bool SpaceBefore,
    bool NewlineBefore,
    bool TemplateFirst = false,
    bool TemplateLast = false,
    bool TemplateRaw = false)
{
    public bool IsKeyword => Kind is >= TokenKind.Package and <= TokenKind.If;

    /// <summary>Keywords that may still name a variable at the start of a ref, as in <c>if.x</c> (OPA's keywords-in-refs feature).</summary>
    public bool IsRefKeyword => IsKeyword && Kind is not (TokenKind.Null or TokenKind.True or TokenKind.False);

    /// <summary>How OPA names the token in "unexpected … token" messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.Illegal => "illegal",
        TokenKind.Eof => "eof",
        TokenKind.Ident => "identifier",
        TokenKind.Number => "number",
        TokenKind.String => "string",
        TokenKind.TemplatePart => TemplateLast ? "template-string-end" : "template-string-part",
        TokenKind.LBrack => "[",
        TokenKind.RBrack => "]",
        TokenKind.LBrace => "{",
        TokenKind.RBrace => "}",
        TokenKind.LParen => "(",
        TokenKind.RParen => ")",
        TokenKind.Comma => ",",
        TokenKind.Colon => ":",
        TokenKind.Semicolon => ";",
        TokenKind.Dot => ".",
        TokenKind.Add => "plus",
        TokenKind.Sub => "minus",
        TokenKind.Mul => "mul",
        TokenKind.Quo => "div",
        TokenKind.Rem => "rem",
        TokenKind.And => "and",
        TokenKind.Or => "or",
        TokenKind.Unify => "eq",
        TokenKind.Assign => "assign",
        TokenKind.Equal => "equal",
        TokenKind.Neq => "neq",
        TokenKind.Lt => "lt",
        TokenKind.Lte => "lte",
        TokenKind.Gt => "gt",
        TokenKind.Gte => "gte",
        _ => Kind.ToString().ToLowerInvariant(),
    };

    public static TokenKind KeywordKind(string ident) => ident switch
    {
        "package" => TokenKind.Package,
        "import" => TokenKind.Import,
        "as" => TokenKind.As,
        "default" => TokenKind.Default,
        "else" => TokenKind.Else,
        "not" => TokenKind.Not,
        "some" => TokenKind.Some,
        "with" => TokenKind.With,
        "null" => TokenKind.Null,
        "true" => TokenKind.True,
        "false" => TokenKind.False,
        "in" => TokenKind.In,
        "every" => TokenKind.Every,
        "contains" => TokenKind.Contains,
        "if" => TokenKind.If,
        _ => TokenKind.Ident,
    };
}

/// <summary>A <c>#</c> comment: where it starts and its text after the <c>#</c>.</summary>
internal readonly record struct Comment(int Row, int Col, int Offset, string Text);
