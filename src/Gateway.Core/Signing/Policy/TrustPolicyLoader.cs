using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Core.Signing.Policy;

/// <summary>Reads and validates the trust policy JSON. Unknown fields are errors: a misspelt field must not silently
/// weaken a policy.</summary>
internal static class TrustPolicyLoader
{
    private const string FilePrefix = "file:";
    private const string CaPrefix = "ca:";

    public static TrustPolicyDocument Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrustPolicyException($"trust policy file '{path}' cannot be read: {e.Message}");
        }
        return Parse(json, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    public static TrustPolicyDocument Parse(string json, string? baseDirectory)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new TrustPolicyException($"trust policy is not valid JSON: {e.Message}");
        }
        if (root is not JsonObject doc) throw new TrustPolicyException("trust policy must be a JSON object");
        Only(doc, "trust policy", "version", "trustPolicies", "trustStores", "cosignKeys");
        var version = String(doc, "version", "trust policy");
        if (version != "1.0") throw new TrustPolicyException($"trust policy: version '{version}' is not supported (expected \"1.0\")");

        var stores = ReadTrustStores(doc, baseDirectory);
        var keys = ReadCosignKeys(doc, baseDirectory);
        var policies = ReadPolicies(doc, stores, keys);
        return new TrustPolicyDocument(Hex(Canonical(doc)), policies, stores, keys);
    }

    private static Dictionary<string, IReadOnlyList<X509Certificate2>> ReadTrustStores(JsonObject doc, string? baseDirectory)
    {
        var stores = new Dictionary<string, IReadOnlyList<X509Certificate2>>(StringComparer.Ordinal);
        if (doc["trustStores"] is null) return stores;
        if (doc["trustStores"] is not JsonObject obj) throw new TrustPolicyException("trustStores must be an object of name → PEM certificates");
        foreach (var (name, value) in obj.ToList())
        {
            var where = $"trustStores['{name}']";
            var entries = value switch
            {
                JsonArray array => array.Select((v, i) => (Node: v, Where: $"{where}[{i}]")).ToList(),
                JsonValue => [(Node: value, Where: where)],
                _ => throw new TrustPolicyException($"{where} must be a PEM string or an array of them"),
            };
            var certificates = new X509Certificate2Collection();
            foreach (var (node, at) in entries)
            {
                var pem = Resolve(node, at, baseDirectory, out var resolved);
                ReplaceWith(node!, resolved);
                try
                {
                    certificates.ImportFromPem(pem);
                }
                catch (CryptographicException e)
                {
                    throw new TrustPolicyException($"{at} is not a PEM certificate: {e.Message}");
                }
                if (certificates.Count == 0) throw new TrustPolicyException($"{at} holds no certificate");
            }
            if (certificates.Count == 0) throw new TrustPolicyException($"{where} is empty");
            stores[name] = certificates.ToArray();
        }
        return stores;
    }

    private static Dictionary<string, string> ReadCosignKeys(JsonObject doc, string? baseDirectory)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        if (doc["cosignKeys"] is null) return keys;
        if (doc["cosignKeys"] is not JsonObject obj) throw new TrustPolicyException("cosignKeys must be an object of name → PEM public key");
        foreach (var (name, value) in obj.ToList())
        {
            var where = $"cosignKeys['{name}']";
            var pem = Resolve(value, where, baseDirectory, out var resolved);
            ReplaceWith(value!, resolved);
            try
            {
                PublicKeys.Fingerprint(pem);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
            {
                throw new TrustPolicyException($"{where} is not a PEM public key: {e.Message}");
            }
            keys[name] = pem;
        }
        return keys;
    }

    private static List<TrustPolicy> ReadPolicies(JsonObject doc, Dictionary<string, IReadOnlyList<X509Certificate2>> stores, Dictionary<string, string> keys)
    {
        if (doc["trustPolicies"] is not JsonArray array) throw new TrustPolicyException("trust policy: trustPolicies must be an array");
        var policies = new List<TrustPolicy>();
        var scopeOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject p) throw new TrustPolicyException($"trustPolicies[{i}] must be an object");
            var name = String(p, "name", $"trustPolicies[{i}]");
            var where = $"trust policy '{name}'";
            if (policies.Any(x => x.Name == name)) throw new TrustPolicyException($"{where}: the name is used by more than one policy");
            Only(p, where, "name", "registryScopes", "signatureVerification", "trustStores", "trustedIdentities", "cosignKeys");

            var scopes = new List<RepositoryScope>();
            foreach (var (text, at) in Strings(p, "registryScopes", where, required: true))
            {
                if (!RepositoryScope.TryParse(text, out var scope, out var error)) throw new TrustPolicyException($"{where}: {at} '{text}' {error}");
                if (scopeOwners.TryGetValue(scope.Pattern, out var owner))
                {
                    throw new TrustPolicyException(owner == name
                        ? $"{where}: {at} '{text}' is listed twice"
                        : $"{where}: {at} '{text}' is already the scope of policy '{owner}' (a scope may belong to one policy only)");
                }
                scopeOwners[scope.Pattern] = name;
                scopes.Add(scope);
            }
            if (scopes.Count == 0) throw new TrustPolicyException($"{where}: registryScopes must name at least one scope");

            var level = ReadLevel(p, where);
            var storeNames = new List<string>();
            foreach (var (text, at) in Strings(p, "trustStores", where, required: false))
            {
                if (!text.StartsWith(CaPrefix, StringComparison.Ordinal)) throw new TrustPolicyException($"{where}: {at} '{text}' must be of the form 'ca:<store name>'");
                var store = text[CaPrefix.Length..];
                if (!stores.ContainsKey(store)) throw new TrustPolicyException($"{where}: {at} names trust store '{store}', which trustStores does not define");
                storeNames.Add(store);
            }
            var identities = new List<TrustedIdentity>();
            foreach (var (text, at) in Strings(p, "trustedIdentities", where, required: false))
            {
                if (!TrustedIdentity.TryParse(text, out var identity, out var error)) throw new TrustPolicyException($"{where}: {at} {error}");
                identities.Add(identity);
            }
            if (identities.Any(x => x.IsWildcard) && identities.Count > 1) throw new TrustPolicyException($"{where}: trustedIdentities '*' must be the only entry");
            var keyNames = new List<string>();
            foreach (var (text, at) in Strings(p, "cosignKeys", where, required: false))
            {
                if (!keys.ContainsKey(text)) throw new TrustPolicyException($"{where}: {at} names cosign key '{text}', which cosignKeys does not define");
                keyNames.Add(text);
            }

            if (storeNames.Count > 0 && identities.Count == 0) throw new TrustPolicyException($"{where}: trustedIdentities is required when trustStores is set (use [\"*\"] to trust any signer of the stores)");
            if (identities.Count > 0 && storeNames.Count == 0) throw new TrustPolicyException($"{where}: trustedIdentities needs trustStores to vouch for the certificates");
            if (level != VerificationLevel.Skip && storeNames.Count == 0 && keyNames.Count == 0)
                throw new TrustPolicyException($"{where}: level '{level.ToString().ToLowerInvariant()}' needs trustStores or cosignKeys to verify against");
            policies.Add(new TrustPolicy(name, scopes, level, storeNames, identities, keyNames));
        }
        return policies;
    }

    private static VerificationLevel ReadLevel(JsonObject p, string where)
    {
        if (p["signatureVerification"] is not JsonObject sv) throw new TrustPolicyException($"{where}: signatureVerification must be an object with a 'level'");
        Only(sv, $"{where}: signatureVerification", "level");
        var level = String(sv, "level", $"{where}: signatureVerification");
        return level switch
        {
            "enforce" => VerificationLevel.Enforce,
            "audit" => VerificationLevel.Audit,
            "skip" => VerificationLevel.Skip,
            _ => throw new TrustPolicyException($"{where}: signatureVerification.level '{level}' must be 'enforce', 'audit' or 'skip'"),
        };
    }

    private static string Resolve(JsonNode? node, string where, string? baseDirectory, out string resolved)
    {
        if (node is not JsonValue v || !v.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
            throw new TrustPolicyException($"{where} must be a non-empty string");
        if (!text.StartsWith(FilePrefix, StringComparison.Ordinal)) return resolved = text;
        if (baseDirectory is null) throw new TrustPolicyException($"{where}: file references need a policy loaded from a file");
        var path = Path.GetFullPath(Path.Combine(baseDirectory, text[FilePrefix.Length..]));
        try
        {
            return resolved = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrustPolicyException($"{where}: file '{path}' cannot be read: {e.Message}");
        }
    }

    // The version hash must change when a referenced file changes, so the canonical form inlines file contents.
    private static void ReplaceWith(JsonNode node, string resolved)
    {
        if (node.Parent is JsonObject parent) parent[node.GetPropertyName()] = resolved;
        else if (node.Parent is JsonArray array) array[node.GetElementIndex()] = resolved;
    }

    private static IEnumerable<(string Text, string Where)> Strings(JsonObject p, string field, string where, bool required)
    {
        var node = p[field];
        if (node is null)
        {
            if (required) throw new TrustPolicyException($"{where}: {field} is required");
            yield break;
        }
        if (node is not JsonArray array) throw new TrustPolicyException($"{where}: {field} must be an array of strings");
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue v || !v.TryGetValue<string>(out var text)) throw new TrustPolicyException($"{where}: {field}[{i}] must be a string");
            yield return (text, $"{field}[{i}]");
        }
    }

    private static string String(JsonObject obj, string field, string where) =>
        obj[field] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new TrustPolicyException($"{where}: {field} is required and must be a non-empty string");

    private static void Only(JsonObject obj, string where, params string[] allowed)
    {
        foreach (var (key, _) in obj)
        {
            if (!allowed.Contains(key)) throw new TrustPolicyException($"{where}: unknown field '{key}' (allowed: {string.Join(", ", allowed)})");
        }
    }

    private static byte[] Canonical(JsonNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) WriteCanonical(writer, node);
        return stream.ToArray();
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(x => x.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array) WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
