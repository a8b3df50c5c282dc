using System.Text;
using Gateway.Core.Oci;

namespace Gateway.Core.Tests.Oci;

public sealed class ManifestParserTests
{
    private const string D1 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string D2 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string D3 = "sha256:3333333333333333333333333333333333333333333333333333333333333333";

    private static OciResult<ParsedManifest> Parse(string json, string? contentType) => ManifestParser.Parse(Encoding.UTF8.GetBytes(json), contentType);

    private static string Image(string extra = "") => $$"""
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
         "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{D1}}","size":10},
         "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{D2}}","size":20}]{{extra}}}
        """;

    [Fact]
    public void Image_manifest_lists_config_and_layers()
    {
        var r = Parse(Image(), MediaTypes.OciManifest);
        r.IsSuccess.ShouldBeTrue();
        r.Value.Config!.Digest.ToString().ShouldBe(D1);
        r.Value.Layers.Single().Size.ShouldBe(20);
        r.Value.Blobs.Select(b => b.Digest.ToString()).ShouldBe([D1, D2]);
        r.Value.EffectiveArtifactType.ShouldBe("application/vnd.oci.image.config.v1+json");
    }

    [Fact]
    public void Subject_and_artifact_type_are_read()
    {
        var extra = ",\"artifactType\":\"application/x.sig\",\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D3 + "\",\"size\":5},\"annotations\":{\"a\":\"b\"}";
        var r = Parse(Image(extra), MediaTypes.OciManifest);
        r.IsSuccess.ShouldBeTrue();
        r.Value.Subject!.Digest.ToString().ShouldBe(D3);
        r.Value.ArtifactType.ShouldBe("application/x.sig");
        r.Value.Annotations!["a"].ShouldBe("b");
    }

    [Fact]
    public void Index_lists_children()
    {
        var json = $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{D1}}}","size":1,"platform":{"os":"linux","architecture":"arm64"}}]}""";
        var r = Parse(json, MediaTypes.OciIndex);
        r.IsSuccess.ShouldBeTrue();
        r.Value.IsIndex.ShouldBeTrue();
        r.Value.Manifests.Single().Platform!.Architecture.ShouldBe("arm64");
    }

    [Fact]
    public void Media_type_may_come_from_content_type_alone()
    {
        var json = $$"""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{D1}}","size":1},"layers":[]}""";
        Parse(json, MediaTypes.OciManifest).Value!.MediaType.ShouldBe(MediaTypes.OciManifest);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("\"str\"", "JSON object")]
    [InlineData("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}", "schemaVersion")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}", "config is required")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"text/plain\",\"layers\":[]}", "unsupported manifest media type")]
    public void Invalid_manifests_say_why(string json, string expected)
    {
        var r = Parse(json, null);
        r.IsSuccess.ShouldBeFalse();
        r.Error!.Code.ShouldBe(OciErrorCode.ManifestInvalid);
        r.Error.Message.ShouldContain(expected);
    }

    [Fact]
    public void Media_type_must_match_content_type()
    {
        var r = Parse(Image(), MediaTypes.DockerManifest);
        r.IsSuccess.ShouldBeFalse();
        r.Error!.Message.ShouldContain("does not match Content-Type");
    }

    [Fact]
    public void Descriptor_fields_are_checked()
    {
        Parse(Image().Replace(D2, "sha256:zz"), MediaTypes.OciManifest).Error!.Message.ShouldContain("layers[0].digest");
        Parse(Image().Replace("\"size\":20", "\"size\":-1"), MediaTypes.OciManifest).Error!.Message.ShouldContain("layers[0].size");
        Parse(Image().Replace("\"size\":20", "\"size\":\"20\""), MediaTypes.OciManifest).IsSuccess.ShouldBeFalse();
    }

    [Fact]
    public void Manifests_over_4_MiB_are_refused()
    {
        var r = ManifestParser.Parse(new byte[ManifestParser.MaxManifestBytes + 1], MediaTypes.OciManifest);
        r.Error!.Code.ShouldBe(OciErrorCode.ManifestTooLarge);
    }

    [Fact]
    public void Deeply_nested_json_is_a_clean_error()
    {
        var deep = new string('[', 10000) + new string(']', 10000);
        Parse(deep, MediaTypes.OciManifest).Error!.Code.ShouldBe(OciErrorCode.ManifestInvalid);
    }
}
