namespace Gateway.Rego.Evaluation.Codegen;

/// <summary>Tiered compilation state of one rule body: how often it ran interpreted, and its compiled code.</summary>
internal sealed class RuleCode
{
    /// <summary>Interpreted runs so far (racy increments only delay compilation).</summary>
    public int Runs;

    /// <summary>The compiled body once published; one reference, so racing threads see whole delegates.</summary>
    public volatile CompiledBody? Body;

    /// <summary>Code generation gave up on this body: it stays interpreted.</summary>
    public volatile bool Failed;

    /// <summary>1 once compilation has been started (on the thread pool), so that it starts only once.</summary>
    public int Scheduled;

    /// <summary>
    /// The code calls into the interpreter or the trail, which work in the evaluator's current frame: then the frame
    /// must be installed there, not only passed to the code. Written before <see cref="Body"/> is published.
    /// </summary>
    public bool ReadsEvaluatorFrame;

    /// <summary>The code keeps its variables in locals and has no entry bindings: it needs no frame. Written before <see cref="Body"/>.</summary>
    public bool FrameFree;

    /// <summary>Literals the compiled code hands to the interpreter (diagnostics and tests).</summary>
    public int InterpretedLiterals;

    /// <summary><c>some p in patterns; contains(x, p)</c> pairs made one test of all the patterns (diagnostics and tests).</summary>
    public int PatternLoops;

    /// <summary>The body's loops may visit sets in the sets' own order, not sorted (diagnostics and tests; see BodyCodegen.MembersInAnyOrder).</summary>
    public bool MembersInAnyOrder;
}
