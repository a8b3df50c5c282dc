using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Core.Signing.Cosign;

namespace Gateway.Core.Tests.Signing.Cosign;

public sealed class CosignKeyFileTests
{
    [Fact]
    public void Generated_key_round_trips_with_the_right_password()
    {
        var (privatePem, publicPem) = CosignKeyFile.Generate("s3cret");
        privatePem.ShouldStartWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----");
        publicPem.ShouldStartWith("-----BEGIN PUBLIC KEY-----");

        using var key = CosignKeyFile.Load(privatePem, "s3cret");
        key.KeySize.ShouldBe(256);
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(publicPem);
        publicKey.ExportSubjectPublicKeyInfo().ShouldBe(key.ExportSubjectPublicKeyInfo());
        var data = "hello"u8.ToArray();
        publicKey.VerifyData(data, key.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256).ShouldBeTrue();
    }

    [Fact]
    public void File_is_sigstore_json_with_scrypt_and_secretbox()
    {
        var (privatePem, _) = CosignKeyFile.Generate("");
        var fields = PemEncoding.Find(privatePem);
        var json = JsonNode.Parse(Convert.FromBase64String(privatePem[fields.Base64Data]))!;
        ((string)json["kdf"]!["name"]!).ShouldBe("scrypt");
        ((int)json["kdf"]!["params"]!["N"]!).ShouldBe(32768);
        ((int)json["kdf"]!["params"]!["r"]!).ShouldBe(8);
        ((int)json["kdf"]!["params"]!["p"]!).ShouldBe(1);
        Convert.FromBase64String((string)json["kdf"]!["salt"]!).Length.ShouldBe(32);
        ((string)json["cipher"]!["name"]!).ShouldBe("nacl/secretbox");
        Convert.FromBase64String((string)json["cipher"]!["nonce"]!).Length.ShouldBe(24);
        // PKCS#8 of a P-256 key (138 bytes with public key) plus the 16-byte Poly1305 tag.
        Convert.FromBase64String((string)json["ciphertext"]!).Length.ShouldBeGreaterThan(16 + 100);
        using var key = CosignKeyFile.Load(privatePem, "");
        key.KeySize.ShouldBe(256);
    }

    [Fact]
    public void Wrong_password_is_a_clear_error()
    {
        var (privatePem, _) = CosignKeyFile.Generate("right");
        var e = Should.Throw<CosignKeyException>(() => CosignKeyFile.Load(privatePem, "wrong"));
        e.Message.ShouldContain("wrong password");
    }

    [Fact]
    public void Altered_ciphertext_is_refused()
    {
        var (privatePem, _) = CosignKeyFile.Generate("pw");
        var fields = PemEncoding.Find(privatePem);
        var json = JsonNode.Parse(Convert.FromBase64String(privatePem[fields.Base64Data]))!;
        var box = Convert.FromBase64String((string)json["ciphertext"]!);
        box[^1] ^= 1;
        json["ciphertext"] = Convert.ToBase64String(box);
        var altered = PemEncoding.WriteString("ENCRYPTED SIGSTORE PRIVATE KEY", Encoding.UTF8.GetBytes(json.ToJsonString()));
        Should.Throw<CosignKeyException>(() => CosignKeyFile.Load(altered, "pw"));
    }

    [Fact]
    public void Not_a_cosign_key_is_a_clear_error()
    {
        using var ec = ECDsa.Create();
        Should.Throw<CosignKeyException>(() => CosignKeyFile.Load(ec.ExportPkcs8PrivateKeyPem(), "pw")).Message.ShouldContain("ENCRYPTED SIGSTORE PRIVATE KEY");
    }
}
