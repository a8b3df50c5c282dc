namespace Gateway.Rego.Ast;

/// <summary>Where a node came from: file name, 1-based row and column, and the source text span.</summary>
public readonly record struct Location(string File, int Row, int Col, int Offset = 0, int Length = 0)
{
    public static readonly Location None = new("", 0, 0);
    public override string ToString() => $"{File}:{Row}:{Col}";
}
