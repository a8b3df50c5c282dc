using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Builtins.Core.B;

namespace Gateway.Rego.Tests.Builtins.Core;

public sealed class RegexBuiltinsTests
{
    [Theory]
    [InlineData(@"^[a-z]+\[[0-9]+\]$", "foo[1]", true)]
    [InlineData("^$", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "x", true)]
    [InlineData("^$", "something", false)]
    [InlineData("a$", "a\n", false)]
    [InlineData("(?m)a$", "a\nb", true)]
    [InlineData("^b", "a\nb", false)]
    [InlineData("(?m)^b", "a\nb", true)]
    [InlineData("a.c", "a\nc", false)]
    [InlineData("(?s)a.c", "a\nc", true)]
    [InlineData("^.$", "😀", true)]
    [InlineData("^[^a]$", "😀", true)]
    [InlineData(@"^\x{1F600}$", "😀", true)]
    [InlineData(@"^[\x{1F600}-\x{1F64F}]+$", "😀😃", true)]
    [InlineData("(?i)straße", "STRASSE", false)]
    [InlineData("(?i)hello", "HeLLo", true)]
    [InlineData("(?i)k", "\u212A", true)]
    [InlineData("(?i:a)b", "AB", false)]
    [InlineData(@"\d+", "١٢٣", false)]
    [InlineData(@"^\w+$", "héllo", false)]
    [InlineData(@"^\pL+$", "héllo", true)]
    [InlineData(@"^\p{Greek}+$", "αβγ", true)]
    [InlineData(@"^\PL+$", "123", true)]
    [InlineData(@"\bfoo\b", "a foo b", true)]
    [InlineData(@"\bfoo\b", "éfooé", true)]
    [InlineData(@"x\Bfoo", "xfoo", true)]
    [InlineData(@"^[[:alpha:]]+$", "abcXYZ", true)]
    [InlineData(@"^[[:^digit:]]+$", "abc", true)]
    [InlineData(@"^\Q.*\E$", ".*", true)]
    [InlineData(@"^\Q.*\E$", "ab", false)]
    [InlineData(@"^a{2,3}$", "aaaa", false)]
    [InlineData(@"^a{,3}$", "a{,3}", true)]
    [InlineData(@"^\101$", "A", true)]
    [InlineData(@"^(?U)a+$", "aaa", true)]
    [InlineData(@"^[]a]+$", "]a", true)]
    [InlineData(@"^[a-]+$", "a-", true)]
    [InlineData(@"^(?P<year>\d{4})-(?<month>\d\d)$", "2024-01", true)]
    public void Match(string pattern, string value, bool expected) =>
        Call("regex.match", S(pattern), S(value)).ShouldBe(RegoBool.Of(expected));

    [Theory]
    [InlineData("$^[[[", "missing closing ]: `[[[`")]
    [InlineData("++", "missing argument to repetition operator: `+`")]
    [InlineData("a**", "invalid nested repetition operator: `**`")]
    [InlineData("a*?+", "invalid nested repetition operator: `*?+`")]
    [InlineData("(abc", "missing closing ): `(abc`")]
    [InlineData("abc)", "unexpected ): `abc)`")]
    [InlineData("(?=a)", "invalid or unsupported Perl syntax: `(?=`")]
    [InlineData("(?!a)", "invalid or unsupported Perl syntax: `(?!`")]
    [InlineData("(?<=a)b", "invalid named capture: `(?<=a)b`")]
    [InlineData("(?<!a)b>", "invalid named capture: `(?<!a)b>`")]
    [InlineData("(?>a)", "invalid or unsupported Perl syntax: `(?>`")]
    [InlineData(@"(a)\1", @"invalid escape sequence: `\1`")]
    [InlineData(@"\8", @"invalid escape sequence: `\8`")]
    [InlineData(@"a\", "trailing backslash at end of expression: ``")]
    [InlineData("[z-a]", "invalid character class range: `z-a`")]
    [InlineData("a{1001}", "invalid repeat count: `{1001}`")]
    [InlineData("a{2,1}", "invalid repeat count: `{2,1}`")]
    [InlineData("(a{100}){100}", "invalid repeat count: `{100}`")]
    [InlineData(@"\p{Foo}", @"invalid character class range: `\p{Foo}`")]
    [InlineData("[[:foo:]]", "invalid character class range: `[:foo:]`")]
    [InlineData(@"\C", @"invalid escape sequence: `\C`")]
    [InlineData("(?P<n!>a)", "invalid named capture: `(?P<n!>`")]
    [InlineData("*", "missing argument to repetition operator: `*`")]
    [InlineData("a|*", "missing argument to repetition operator: `*`")]
    [InlineData(@"\xZZ", @"invalid escape sequence: `\xZZ`")]
    [InlineData("x{2}{3}", "invalid nested repetition operator: `{2}{3}`")]
    public void Invalid_patterns_fail_with_go_messages(string pattern, string message)
    {
        BuiltinError("regex.match", S(pattern), S("x")).Message.ShouldBe("error parsing regexp: " + message);
        Call("regex.is_valid", S(pattern)).ShouldBe(False);
    }

    [Theory]
    [InlineData(".+")]
    [InlineData("^*")]
    [InlineData("(?i)(?-i:a)")]
    [InlineData("a{,5}")]
    [InlineData(@"[\d\s\w\pL\p{^Greek}[:alpha:]]")]
    [InlineData(@"\x{10FFFF}")]
    [InlineData("(?:a|b)*?c")]
    public void Valid_patterns(string pattern) => Call("regex.is_valid", S(pattern)).ShouldBe(True);

    [Fact]
    public void Is_valid_of_non_string_is_false() => Call("regex.is_valid", N(10)).ShouldBe(False);

    [Theory]
    [InlineData("a.", "paranormal", -1, "[\"ar\", \"an\", \"al\"]")]
    [InlineData("a.", "paranormal", 2, "[\"ar\", \"an\"]")]
    [InlineData("a.", "paranormal", 0, "[]")]
    [InlineData("^a.", "abacadaeaf", -1, "[\"ab\"]")]
    [InlineData(".$", "abacadaeaf", -1, "[\"f\"]")]
    [InlineData("[abcdef]{2}", "abacadaeaf", -1, "[\"ab\", \"ac\", \"ad\", \"ae\", \"af\"]")]
    [InlineData("bork", "paranormal", -1, "[]")]
    [InlineData("a*", "baaac", -1, "[\"\", \"aaa\", \"\"]")]
    [InlineData("", "ab", -1, "[\"\", \"\", \"\"]")]
    [InlineData("x*", "😀", -1, "[\"\", \"\"]")]
    public void Find_n(string pattern, string value, long n, string expected) =>
        Call("regex.find_n", S(pattern), S(value), N(n)).ShouldBe(J(expected));

    [Theory]
    [InlineData(@"^[a-z]+\[[0-9]+\]$", "", "[\"\"]")]
    [InlineData("^[a-z]+", "foobar baz", "[\"\", \" baz\"]")]
    [InlineData("[a-z]+$", "foobar baz", "[\"foobar \", \"\"]")]
    [InlineData("^[a-z]+$", "foobar baz", "[\"foobar baz\"]")]
    [InlineData("^[a-z ]+$", "foobar baz", "[\"\", \"\"]")]
    [InlineData("a", "banana", "[\"b\", \"n\", \"n\", \"\"]")]
    [InlineData("z+", "pizza", "[\"pi\", \"a\"]")]
    [InlineData("", "abc", "[\"a\", \"b\", \"c\"]")]
    [InlineData("", "", "[]")]
    [InlineData("x*", "axbc", "[\"a\", \"b\", \"c\"]")]
    public void Split(string pattern, string value, string expected) =>
        Call("regex.split", S(pattern), S(value)).ShouldBe(J(expected));

    [Fact]
    public void Find_all_string_submatch_n()
    {
        Call("regex.find_all_string_submatch_n", S("a(x*)b"), S("-ab-axxb-"), N(-1)).ShouldBe(J("[[\"ab\", \"\"], [\"axxb\", \"xx\"]]"));
        Call("regex.find_all_string_submatch_n", S("(a)|(b)"), S("ab"), N(-1)).ShouldBe(J("[[\"a\", \"a\", \"\"], [\"b\", \"\", \"b\"]]"));
        Call("regex.find_all_string_submatch_n", S("(?P<x>a)(b)"), S("abab"), N(1)).ShouldBe(J("[[\"ab\", \"a\", \"b\"]]"));
        TypeError("regex.find_all_string_submatch_n", S("a"), S("a"), D("1.5")).Message.ShouldBe("operand 3 must be integer number but got floating-point number");
    }

    [Theory]
    [InlineData("-ab-axxb-", "a(x*)b", "T", "-T-T-")]
    [InlineData("-ab-axxb-", "a(x*)b", "$1", "--xx-")]
    [InlineData("-ab-axxb-", "a(x*)b", "$1W", "---")]
    [InlineData("-ab-axxb-", "a(x*)b", "${1}W", "-W-xxW-")]
    [InlineData("-ab-axxb-", "a(?P<x>x*)b", "[${x}]", "-[]-[xx]-")]
    [InlineData("-ab-axxb-", "a(x*)b", "$$1", "-$1-$1-")]
    [InlineData("-ab-axxb-", "a(x*)b", "${1", "-${1-${1-")]
    [InlineData("baaac", "a*", "x", "xbxcx")]
    [InlineData("aaa", "^a", "b", "baa")]
    [InlineData("abc", "", "-", "-a-b-c-")]
    [InlineData("abc", "z", "-", "abc")]
    public void Replace(string s, string pattern, string replacement, string expected) =>
        Call("regex.replace", S(s), S(pattern), S(replacement)).ShouldBe(S(expected));

    [Theory]
    [InlineData("urn:foo:{.*}", "urn:foo:bar:baz", "{", "}", true)]
    [InlineData("urn:foo:<.*>", "urn:foo:bar:baz", "<", ">", true)]
    [InlineData("urn:foo:<[0-9]{2}>", "urn:foo:123", "<", ">", false)]
    [InlineData("urn:foo.bar:<[0-9]{2}>", "urn:fooxbar:12", "<", ">", false)]
    [InlineData("a:{[a-z]+}:{[0-9]+}", "a:x:1", "{", "}", true)]
    public void Template_match(string template, string value, string open, string close, bool expected) =>
        Call("regex.template_match", S(template), S(value), S(open), S(close)).ShouldBe(RegoBool.Of(expected));

    [Fact]
    public void Template_match_errors()
    {
        BuiltinError("regex.template_match", S("a{b"), S("x"), S("{"), S("}")).Message.ShouldBe("unbalanced braces in \"a{b\"");
        BuiltinError("regex.template_match", S("a}b"), S("x"), S("{"), S("}")).Message.ShouldBe("unbalanced braces in \"a}b\"");
        BuiltinError("regex.template_match", S("a"), S("x"), S("{{"), S("}")).Message.ShouldBe("start delimiter has to be exactly one character long but is 2 long");
        BuiltinError("regex.template_match", S("a"), S("x"), S("{"), S("}}")).Message.ShouldBe("end delimiter has to be exactly one character long but is 1 long");
        BuiltinError("regex.template_match", S("a{[}"), S("x"), S("{"), S("}")).Message.ShouldBe("error parsing regexp: missing closing ]: `[$`");
    }

    [Theory]
    [InlineData("a.a.[0-9]+z", ".b.b2359825792*594823z", true)]
    [InlineData("[a-z]+", "[0-9]*", false)]
    [InlineData("b.*", "bar", true)]
    [InlineData("b.*", "baz", true)]
    [InlineData(@"[a-z]+\[[0-9]+\]", @"foo\[1\]", true)]
    [InlineData(@"[a-z]+\[[0-9]+\]", "foo[\"bar\"]", false)]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", false)]
    [InlineData("a*", "b*", false)]
    [InlineData("a+", "a*", true)]
    [InlineData("a.*c", "abbbc", true)]
    public void Globs_match(string a, string b, bool expected) =>
        Call("regex.globs_match", S(a), S(b)).ShouldBe(RegoBool.Of(expected));

    [Theory]
    [InlineData("pqrs]", "input:pqrs], pos:5, set-close ']' with no preceding '[': the input provided is invalid")]
    [InlineData("ab[c", "input:ab[c, pos:4, found [ without matching ]: the input provided is invalid")]
    [InlineData("*a", "input:*a, pos:1, flag '*' must be preceded by a non-flag: the input provided is invalid")]
    [InlineData(@"a\", @"input:a\, pos:1, input ends with a \ (escape) character: the input provided is invalid")]
    [InlineData("[z-a]", "input:[z-a], pos:4, range is out of order: 'a' comes before 'z' in Unicode: the input provided is invalid")]
    public void Globs_match_errors(string glob, string message) =>
        BuiltinError("regex.globs_match", S(glob), S("[a-b]+")).Message.ShouldBe(message);
}
