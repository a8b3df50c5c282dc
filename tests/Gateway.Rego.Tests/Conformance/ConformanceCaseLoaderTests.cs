using Gateway.Rego.Conformance;
using Gateway.Rego.Values;

namespace Gateway.Rego.Tests.Conformance;

public sealed class ConformanceCaseLoaderTests
{
    private static readonly Lazy<string> Dir = new(ConformanceCaseLoader.FindDirectory);

    private static ConformanceCase One(string relativeFile, string note) =>
        ConformanceCaseLoader.LoadFile(Path.Combine(Dir.Value, relativeFile)).Single(c => c.Note == note);

    [Fact]
    public void Reads_query_modules_data_input_term_and_results()
    {
        var c = One("inputvalues/test-inputvalues-0979.yaml", "inputvalues/simple");
        c.Query.ShouldBe("data.z.p = x");
        c.Modules.ShouldNotBeNull().Count.ShouldBeGreaterThan(0);
        c.Modules![0].ShouldStartWith("package z\n");
        c.Data.ShouldBe(RegoJson.Parse("""{"a": [1, 2, 3, 4]}"""));
        c.InputTerm.ShouldBe("{\"req1\": {\"foo\": 4}, \"req2\": {\"bar\": 4}}");
        c.Input.ShouldBeNull();
        c.WantResult.ShouldNotBeNull().Single()["x"].ShouldBe(RegoBool.True);
        c.WantError.ShouldBeNull();
        c.StrictError.ShouldBeFalse();
        c.FilePath.ShouldEndWith("test-inputvalues-0979.yaml");
    }

    [Fact]
    public void Reads_error_expectations_and_flags()
    {
        var c = One("bitsxor/test-bitsxor-0062.yaml", "bitsxor/lhs (float) error");
        c.WantErrorCode.ShouldBe("eval_type_error");
        c.WantError.ShouldBe("bits.xor: operand 1 must be integer number but got floating-point number");
        c.StrictError.ShouldBeTrue();
        c.Data.ShouldBe(RegoObject.Empty);
        c.WantResult.ShouldBeNull();
    }

    [Fact]
    public void Plain_scalars_are_typed_and_quoted_scalars_are_strings()
    {
        var c = One("baseandvirtualdocs/test-baseandvirtualdocs-0695.yaml", "baseandvirtualdocs/base/virtual");
        var first = c.WantResult!.Single()["x"].ShouldBeOfType<RegoArray>()[0].ShouldBeOfType<RegoArray>();
        first[0].ShouldBe(new RegoString("c"));
        first[2].ShouldBe(RegoNumber.Of(0));
    }

    [Fact]
    public void Flags_for_sorting_and_generated_vars()
    {
        var all = ConformanceCaseLoader.LoadAll(Dir.Value);
        all.Count(c => c.IgnoreGeneratedVars).ShouldBe(7);
        all.ShouldContain(c => c.SortBindings);
        all.ShouldAllBe(c => c.Note.Length > 0);
    }
}
