using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Generators;

namespace Gateway.Core.Signing.Cosign;

/// <summary>
/// cosign's password-protected key files ("cosign generate-key-pair"): a PEM block "ENCRYPTED SIGSTORE PRIVATE KEY"
/// around JSON naming scrypt (N=32768, r=8, p=1) as the KDF and NaCl secretbox as the cipher over the PKCS#8 DER
/// of an ECDSA P-256 key.
/// </summary>
public static class CosignKeyFile
{
    public const string PrivateKeyLabel = "ENCRYPTED SIGSTORE PRIVATE KEY";

    /// <summary>The label older cosign releases wrote; still readable.</summary>
    public const string LegacyPrivateKeyLabel = "ENCRYPTED COSIGN PRIVATE KEY";

    private const int ScryptN = 32768, ScryptR = 8, ScryptP = 1, SaltSize = 32;

    public static (string PrivatePem, string PublicPem) Generate(string password)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (Encrypt(key, password), key.ExportSubjectPublicKeyInfoPem());
    }

    /// <summary>Encrypts an existing ECDSA key in the sigstore format.</summary>
    public static string Encrypt(ECDsa key, string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var nonce = RandomNumberGenerator.GetBytes(SecretBox.NonceSize);
        var pkcs8 = key.ExportPkcs8PrivateKey();
        var ciphertext = SecretBox.Seal(DeriveKey(password, salt, ScryptN, ScryptR, ScryptP), nonce, pkcs8);
        CryptographicOperations.ZeroMemory(pkcs8);
        var json = new JsonObject
        {
            ["kdf"] = new JsonObject
            {
                ["name"] = "scrypt",
                ["params"] = new JsonObject { ["N"] = ScryptN, ["r"] = ScryptR, ["p"] = ScryptP },
                ["salt"] = Convert.ToBase64String(salt),
            },
            ["cipher"] = new JsonObject { ["name"] = "nacl/secretbox", ["nonce"] = Convert.ToBase64String(nonce) },
            ["ciphertext"] = Convert.ToBase64String(ciphertext),
        };
        return PemEncoding.WriteString(PrivateKeyLabel, Encoding.UTF8.GetBytes(json.ToJsonString())) + "\n";
    }

    /// <summary>Opens an encrypted cosign key. Throws <see cref="CosignKeyException"/> on a wrong password or a malformed file.</summary>
    public static ECDsa Load(string pem, string password)
    {
        var json = ReadPem(pem);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CosignKeyException($"encrypted key is not JSON: {e.Message}");
        }
        var kdf = root?["kdf"];
        var cipher = root?["cipher"];
        if (kdf?["name"]?.GetValue<string>() != "scrypt") throw new CosignKeyException("encrypted key: only the scrypt KDF is supported");
        if (cipher?["name"]?.GetValue<string>() != "nacl/secretbox") throw new CosignKeyException("encrypted key: only the nacl/secretbox cipher is supported");
        byte[] salt, nonce, ciphertext;
        int n, r, p;
        try
        {
            n = kdf["params"]!["N"]!.GetValue<int>();
            r = kdf["params"]!["r"]!.GetValue<int>();
            p = kdf["params"]!["p"]!.GetValue<int>();
            salt = Convert.FromBase64String(kdf["salt"]!.GetValue<string>());
            nonce = Convert.FromBase64String(cipher["nonce"]!.GetValue<string>());
            ciphertext = Convert.FromBase64String(root!["ciphertext"]!.GetValue<string>());
        }
        catch (Exception e) when (e is NullReferenceException or FormatException or InvalidOperationException)
        {
            throw new CosignKeyException($"encrypted key is missing or has malformed fields: {e.Message}");
        }
        // Bound the work a hostile file can ask for (cosign itself uses N=32768, r=8, p=1).
        if (n < 2 || n > 1 << 20 || (n & (n - 1)) != 0 || r < 1 || r > 32 || p < 1 || p > 16)
            throw new CosignKeyException($"encrypted key: scrypt parameters N={n} r={r} p={p} are out of range");
        if (nonce.Length != SecretBox.NonceSize) throw new CosignKeyException($"encrypted key: the nonce must be {SecretBox.NonceSize} bytes");

        var pkcs8 = SecretBox.Open(DeriveKey(password, salt, n, r, p), nonce, ciphertext)
            ?? throw new CosignKeyException("cannot decrypt the cosign key: wrong password (or the key file was altered)");
        try
        {
            var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            return key;
        }
        catch (CryptographicException e)
        {
            throw new CosignKeyException($"decrypted cosign key is not an ECDSA PKCS#8 key: {e.Message}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static byte[] ReadPem(string pem)
    {
        var span = pem.AsSpan();
        while (PemEncoding.TryFind(span, out var fields))
        {
            var label = span[fields.Label];
            if (label.SequenceEqual(PrivateKeyLabel) || label.SequenceEqual(LegacyPrivateKeyLabel))
                return Convert.FromBase64String(span[fields.Base64Data].ToString());
            span = span[fields.Location.End..];
        }
        throw new CosignKeyException($"no '-----BEGIN {PrivateKeyLabel}-----' block found");
    }

    private static byte[] DeriveKey(string password, byte[] salt, int n, int r, int p) =>
        SCrypt.Generate(Encoding.UTF8.GetBytes(password), salt, n, r, p, SecretBox.KeySize);
}
