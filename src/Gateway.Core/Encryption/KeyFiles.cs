using System.Security.Cryptography;

namespace Gateway.Core.Encryption;

/// <summary>Private key and secret files the gateway makes for itself: written owner-only, loaded again on restart.</summary>
public static class KeyFiles
{
    /// <summary>Writes a secret (creating the folder), readable and writable by the owner only.</summary>
    public static void WriteSecret(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>The ECDSA P-256 key in the PKCS#8 PEM file, made (and written owner-only) on first use.</summary>
    public static ECDsa LoadOrCreateEcdsaP256(string path)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(path)) key.ImportFromPem(File.ReadAllText(path));
        else WriteSecret(path, key.ExportPkcs8PrivateKeyPem());
        return key;
    }
}
