using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Gateway.Core.Encryption;

/// <summary>
/// Key-encryption keys read from a directory (keys-dev/ by default): one file per version named
/// <c>kek-&lt;version&gt;.key</c> holding the base64 of 32 random bytes. Data keys are wrapped with
/// AES-256 key wrap (RFC 3394), the same algorithm as Key Vault's A256KW, so the envelope layer sees
/// no difference. For development only: the server refuses it in Production unless
/// <c>Gateway:Keys:AllowDevelopmentKeys</c> is true.
/// </summary>
public sealed partial class DevelopmentKeyProvider : IKeyProvider
{
    /// <summary>The key id recorded in envelopes wrapped by development keys.</summary>
    public const string DefaultKeyId = "keys-dev";

    private const int KekBytes = 32;

    private readonly Dictionary<string, byte[]> _versions;
    private readonly KeyEncryptionKeyRef _current;

    internal DevelopmentKeyProvider(string keyId, IReadOnlyDictionary<string, byte[]> versions, string? currentVersion = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        if (versions.Count == 0)
        {
            throw new KeyProviderException("No development key-encryption keys were given.");
        }

        foreach (var (version, key) in versions)
        {
            if (!VersionPattern().IsMatch(version))
            {
                throw new KeyProviderException($"Development key version '{version}' is not valid: use 1-64 of [A-Za-z0-9._-].");
            }

            if (key.Length != KekBytes)
            {
                throw new KeyProviderException($"Development key version '{version}' is {key.Length} bytes; a key-encryption key is {KekBytes} bytes.");
            }
        }

        _versions = versions.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        currentVersion ??= _versions.Keys.Max(VersionComparer.Instance)!;
        if (!_versions.ContainsKey(currentVersion))
        {
            throw new KeyProviderException($"The configured current development key version '{currentVersion}' does not exist (have: {string.Join(", ", _versions.Keys.Order(VersionComparer.Instance))}).");
        }

        KeyId = keyId;
        _current = new KeyEncryptionKeyRef(keyId, currentVersion);
    }

    public string Name => "development";

    public bool IsDevelopmentKey => true;

    /// <summary>The key id this provider answers to.</summary>
    public string KeyId { get; }

    /// <summary>The versions loaded, in ascending order.</summary>
    public IReadOnlyList<string> Versions => [.. _versions.Keys.Order(VersionComparer.Instance)];

    /// <summary>
    /// Loads every <c>kek-&lt;version&gt;.key</c> file of <paramref name="directory"/>. The current version is
    /// <paramref name="currentVersion"/> when given, otherwise the highest (numeric versions compare as numbers).
    /// </summary>
    /// <exception cref="KeyProviderException">The directory is missing, holds no key, or a key file is malformed.</exception>
    public static DevelopmentKeyProvider Load(string directory, string? currentVersion = null, string keyId = DefaultKeyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new KeyProviderException($"Development key directory '{full}' does not exist. Create it with a kek-1.key file holding base64 of 32 random bytes (see keys-dev/README.md), or configure a production key provider.");
        }

        var versions = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(full, "kek-*.key"))
        {
            var match = FileNamePattern().Match(Path.GetFileName(file));
            if (!match.Success)
            {
                throw new KeyProviderException($"Development key file '{file}' is not named kek-<version>.key with a version of 1-64 of [A-Za-z0-9._-].");
            }

            byte[] key;
            try
            {
                key = Convert.FromBase64String(File.ReadAllText(file).Trim());
            }
            catch (FormatException ex)
            {
                throw new KeyProviderException($"Development key file '{file}' does not hold base64 text.", ex);
            }

            if (key.Length != KekBytes)
            {
                throw new KeyProviderException($"Development key file '{file}' holds {key.Length} bytes; a key-encryption key is {KekBytes} bytes.");
            }

            versions.Add(match.Groups["version"].Value, key);
        }

        if (versions.Count == 0)
        {
            throw new KeyProviderException($"Development key directory '{full}' holds no kek-<version>.key file.");
        }

        return new DevelopmentKeyProvider(keyId, versions, currentVersion);
    }

    /// <summary>A new development key file's content: base64 of 32 random bytes.</summary>
    public static string GenerateKeyFileContent() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KekBytes));

    public Task<KeyEncryptionKeyRef> GetCurrentKeyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_current);
    }

    public Task<byte[]> WrapKeyAsync(KeyEncryptionKeyRef kek, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(AesKeyWrap.Wrap(Find(kek), dataKey.Span));
    }

    public Task<byte[]> UnwrapKeyAsync(KeyEncryptionKeyRef kek, ReadOnlyMemory<byte> wrapped, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(AesKeyWrap.Unwrap(Find(kek), wrapped.Span));
    }

    private byte[] Find(KeyEncryptionKeyRef kek)
    {
        ArgumentNullException.ThrowIfNull(kek);
        if (!string.Equals(kek.KeyId, KeyId, StringComparison.Ordinal))
        {
            throw new KeyProviderException($"Key-encryption key '{kek.KeyId}' is not a development key of this gateway (which has '{KeyId}').");
        }

        return _versions.TryGetValue(kek.Version, out var key)
            ? key
            : throw new KeyProviderException($"Development key-encryption key '{kek}' is not present (have versions: {string.Join(", ", Versions)}).");
    }

    [GeneratedRegex("^kek-(?<version>[A-Za-z0-9._-]{1,64})\\.key$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    /// <summary>Numeric versions compare as numbers (2 &lt; 10), anything else ordinally, numbers first.</summary>
    private sealed class VersionComparer : IComparer<string>
    {
        public static readonly VersionComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var xNumeric = ulong.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var xn);
            var yNumeric = ulong.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var yn);
            return (xNumeric, yNumeric) switch
            {
                (true, true) => xn != yn ? xn.CompareTo(yn) : string.CompareOrdinal(x, y),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(x, y),
            };
        }
    }
}
