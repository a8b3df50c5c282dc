using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Gateway.Core.Signing.Policy;

/// <summary>
/// An X.500 name reduced to a multiset of "TYPE=value" attributes, so that two names compare equal regardless of
/// RDN order, spacing and letter case (DirectoryString values compare case-insensitively).
/// </summary>
public sealed class DistinguishedName : IEquatable<DistinguishedName>
{
    private static readonly Dictionary<string, string> OidNames = new()
    {
        ["2.5.4.3"] = "CN", ["2.5.4.6"] = "C", ["2.5.4.7"] = "L", ["2.5.4.8"] = "ST", ["2.5.4.9"] = "STREET",
        ["2.5.4.10"] = "O", ["2.5.4.11"] = "OU", ["2.5.4.5"] = "SERIALNUMBER", ["2.5.4.4"] = "SN", ["2.5.4.42"] = "G",
        ["2.5.4.12"] = "T", ["1.2.840.113549.1.9.1"] = "E", ["0.9.2342.19200300.100.1.25"] = "DC",
        ["0.9.2342.19200300.100.1.1"] = "UID",
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["S"] = "ST", ["EMAILADDRESS"] = "E", ["EMAIL"] = "E", ["GIVENNAME"] = "G", ["SURNAME"] = "SN", ["TITLE"] = "T",
    };

    private readonly string[] _sorted;

    private DistinguishedName(IEnumerable<(string Type, string Value)> attributes)
    {
        Attributes = attributes.ToArray();
        _sorted = Attributes.Select(a => a.Type + "=" + a.Value.ToUpperInvariant()).Order(StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyList<(string Type, string Value)> Attributes { get; }

    public override string ToString() => string.Join(", ", Attributes.Select(a => $"{a.Type}={a.Value}"));

    public bool Equals(DistinguishedName? other) => other is not null && _sorted.AsSpan().SequenceEqual(other._sorted);

    public override bool Equals(object? obj) => Equals(obj as DistinguishedName);

    public override int GetHashCode() => string.Join(",", _sorted).GetHashCode(StringComparison.Ordinal);

    /// <summary>Parses "CN=Release, O=Acme" (RFC 4514 style: ',' or '+' separate attributes, '\' escapes, "quoted" values).</summary>
    public static bool TryParse(string text, out DistinguishedName name, out string error)
    {
        name = null!;
        error = "";
        var attributes = new List<(string, string)>();
        foreach (var part in Split(text))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                error = $"'{part.Trim()}' is not TYPE=value";
                return false;
            }
            var type = part[..eq].Trim().ToUpperInvariant();
            if (type.StartsWith("OID.", StringComparison.Ordinal)) type = type[4..];
            type = Aliases.GetValueOrDefault(type, OidNames.GetValueOrDefault(type, type));
            var value = Unescape(part[(eq + 1)..].Trim());
            if (type.Length == 0 || value.Length == 0)
            {
                error = $"'{part.Trim()}' has an empty type or value";
                return false;
            }
            attributes.Add((type, value));
        }
        if (attributes.Count == 0)
        {
            error = "is empty";
            return false;
        }
        name = new DistinguishedName(attributes);
        return true;
    }

    /// <summary>Reads every attribute of a certificate name from its DER encoding (multi-valued RDNs included).</summary>
    public static DistinguishedName From(X500DistinguishedName x500)
    {
        var attributes = new List<(string, string)>();
        var sequence = new AsnReader(x500.RawData, AsnEncodingRules.DER).ReadSequence();
        while (sequence.HasData)
        {
            var set = sequence.ReadSetOf();
            while (set.HasData)
            {
                var attribute = set.ReadSequence();
                var oid = attribute.ReadObjectIdentifier();
                attributes.Add((OidNames.GetValueOrDefault(oid, oid), ReadValue(attribute)));
            }
        }
        return new DistinguishedName(attributes);
    }

    private static string ReadValue(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.TagClass == TagClass.Universal)
        {
            var universal = (UniversalTagNumber)tag.TagValue;
            if (universal is UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String
                or UniversalTagNumber.BMPString or UniversalTagNumber.T61String or UniversalTagNumber.VisibleString
                or UniversalTagNumber.NumericString or UniversalTagNumber.UniversalString)
            {
                return reader.ReadCharacterString(universal);
            }
        }
        return "#" + Convert.ToHexStringLower(reader.ReadEncodedValue().Span);
    }

    private static IEnumerable<string> Split(string text)
    {
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(c).Append(text[++i]);
            }
            else if (c == '"')
            {
                quoted = !quoted;
                current.Append(c);
            }
            else if (!quoted && (c == ',' || c == '+' || c == ';'))
            {
                yield return current.ToString();
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        if (current.Length > 0 || text.Length > 0) yield return current.ToString();
    }

    private static string Unescape(string value)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1];
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length) i++;
            result.Append(value[i]);
        }
        return result.ToString();
    }
}
