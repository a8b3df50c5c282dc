using Gateway.Core.Oci;

namespace Gateway.Core.Tests.Oci;

public sealed class DigestTests
{
    private const string Hex64 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void Parses_sha256_and_sha512()
    {
        var d = Digest.Parse("sha256:" + Hex64);
        d.Algorithm.ShouldBe("sha256");
        d.Hex.ShouldBe(Hex64);
        d.ToString().ShouldBe("sha256:" + Hex64);
        Digest.TryParse("sha512:" + new string('a', 128), out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256")]
    [InlineData("sha256:")]
    [InlineData("sha256:abc")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g")]
    [InlineData("sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(" sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void Rejects_malformed_or_unsupported(string? text) => Digest.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Sha256_of_empty_is_the_known_value() => Digest.Sha256Of([]).ToString().ShouldBe("sha256:" + Hex64);
}
