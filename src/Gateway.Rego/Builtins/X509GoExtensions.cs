using System.Formats.Asn1;
using System.Text;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// The fields Go's x509 parser derives from certificate extensions (processExtensions), collected while walking
/// them once. Name constraints are recognised (so they are not "unhandled") but their lists are not expanded.
/// </summary>
internal sealed class X509GoExtensions
{
    private static readonly Dictionary<string, int> ExtKeyUsages = new(StringComparer.Ordinal)
    {
        ["2.5.29.37.0"] = 0, ["1.3.6.1.5.5.7.3.1"] = 1, ["1.3.6.1.5.5.7.3.2"] = 2, ["1.3.6.1.5.5.7.3.3"] = 3,
        ["1.3.6.1.5.5.7.3.4"] = 4, ["1.3.6.1.5.5.7.3.5"] = 5, ["1.3.6.1.5.5.7.3.6"] = 6, ["1.3.6.1.5.5.7.3.7"] = 7,
        ["1.3.6.1.5.5.7.3.8"] = 8, ["1.3.6.1.5.5.7.3.9"] = 9, ["1.3.6.1.4.1.311.10.3.3"] = 10,
        ["2.16.840.1.113730.4.1"] = 11, ["1.3.6.1.4.1.311.2.1.22"] = 12, ["1.3.6.1.4.1.311.61.1.1"] = 13,
    };

    // Extensions Go understands; any other critical one lands in UnhandledCriticalExtensions.
    private static readonly HashSet<string> Handled = new(StringComparer.Ordinal)
    {
        "2.5.29.15", "2.5.29.19", "2.5.29.17", "2.5.29.30", "2.5.29.31", "2.5.29.35", "2.5.29.37", "2.5.29.14",
        "2.5.29.32", "2.5.29.54", "2.5.29.36", "2.5.29.33", "1.3.6.1.5.5.7.1.1",
    };

    public List<RegoValue>? Extensions { get; private set; }
    public List<RegoValue>? Unhandled { get; private set; }
    public int KeyUsage { get; private set; }
    public List<int>? ExtKeyUsage { get; private set; }
    public List<RegoValue>? UnknownExtKeyUsage { get; private set; }
    public bool BasicConstraintsValid { get; private set; }
    public bool IsCa { get; private set; }
    public int MaxPathLen { get; private set; }
    public byte[]? SubjectKeyId { get; private set; }
    public byte[]? AuthorityKeyId { get; private set; }
    public List<string>? OcspServer { get; private set; }
    public List<string>? IssuingCertificateUrl { get; private set; }
    public List<string>? DnsNames { get; private set; }
    public List<string>? EmailAddresses { get; private set; }
    public List<RegoValue>? IpAddresses { get; private set; }
    public List<string>? Uris { get; private set; }
    public List<string>? CrlDistributionPoints { get; private set; }
    public List<RegoValue>? PolicyIdentifiers { get; private set; }
    public List<RegoValue>? Policies { get; private set; }

    /// <summary>Walks a DER "Extensions" SEQUENCE; <paramref name="certificate"/> false (a CSR) only reads SANs.</summary>
    public void Read(AsnReader extensionsSequence, bool certificate)
    {
        Extensions = [];
        while (extensionsSequence.HasData)
        {
            var ext = extensionsSequence.ReadSequence();
            var oid = ext.ReadObjectIdentifier();
            var critical = ext.HasData && ext.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && ext.ReadBoolean();
            var value = ext.ReadOctetString();
            Extensions.Add(X509GoValues.Object(("Id", X509GoValues.Oid(oid)), ("Critical", RegoBool.Of(critical)), ("Value", X509GoValues.Bytes(value))));
            if (oid == "2.5.29.17")
            {
                ReadGeneralNames(new AsnReader(value, AsnEncodingRules.DER).ReadSequence());
                continue;
            }
            if (!certificate) continue;
            if (critical && !Handled.Contains(oid)) (Unhandled ??= []).Add(X509GoValues.Oid(oid));
            var r = new AsnReader(value, AsnEncodingRules.DER);
            switch (oid)
            {
                case "2.5.29.15": ReadKeyUsage(r); break;
                case "2.5.29.19": ReadBasicConstraints(r.ReadSequence()); break;
                case "2.5.29.37": ReadExtKeyUsage(r.ReadSequence()); break;
                case "2.5.29.14": SubjectKeyId = r.ReadOctetString(); break;
                case "2.5.29.35": ReadAuthorityKeyId(r.ReadSequence()); break;
                case "2.5.29.31": ReadCrlDistributionPoints(r.ReadSequence()); break;
                case "2.5.29.32": ReadPolicies(r.ReadSequence()); break;
                case "1.3.6.1.5.5.7.1.1": ReadAuthorityInfoAccess(r.ReadSequence()); break;
            }
        }
        // Go appends to a nil slice, so an empty list stays null.
        if (Extensions.Count == 0) Extensions = null;
    }

    private void ReadKeyUsage(AsnReader r)
    {
        var bits = r.ReadBitString(out _);
        // Bit 0 (digitalSignature) is the most significant bit of the first byte; Go sets 1<<i for bit i.
        for (var i = 0; i < bits.Length * 8 && i < 31; i++)
        {
            if ((bits[i / 8] & (0x80 >> (i % 8))) != 0) KeyUsage |= 1 << i;
        }
    }

    private void ReadBasicConstraints(AsnReader seq)
    {
        BasicConstraintsValid = true;
        MaxPathLen = -1;
        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean)) IsCa = seq.ReadBoolean();
        if (seq.HasData && seq.TryReadInt32(out var n)) MaxPathLen = n;
    }

    private void ReadExtKeyUsage(AsnReader seq)
    {
        while (seq.HasData)
        {
            var oid = seq.ReadObjectIdentifier();
            if (ExtKeyUsages.TryGetValue(oid, out var u)) (ExtKeyUsage ??= []).Add(u);
            else (UnknownExtKeyUsage ??= []).Add(X509GoValues.Oid(oid));
        }
    }

    private void ReadAuthorityKeyId(AsnReader seq)
    {
        var tag = new Asn1Tag(TagClass.ContextSpecific, 0);
        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(tag)) AuthorityKeyId = seq.ReadOctetString(tag);
    }

    private void ReadCrlDistributionPoints(AsnReader seq)
    {
        while (seq.HasData)
        {
            var dp = seq.ReadSequence();
            if (!dp.HasData || !dp.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, true))) continue;
            var name = dp.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
            if (!name.HasData || !name.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, true))) continue;
            var full = name.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
            while (full.HasData)
            {
                var t = full.PeekTag();
                var bytes = full.ReadOctetString(t.TagClass == TagClass.ContextSpecific ? t : Asn1Tag.PrimitiveOctetString);
                if (t.TagClass == TagClass.ContextSpecific && t.TagValue == 6) (CrlDistributionPoints ??= []).Add(Encoding.ASCII.GetString(bytes));
            }
        }
    }

    private void ReadPolicies(AsnReader seq)
    {
        while (seq.HasData)
        {
            var info = seq.ReadSequence();
            var oid = info.ReadObjectIdentifier();
            (PolicyIdentifiers ??= []).Add(X509GoValues.Oid(oid));
            // x509.OID marshals as its dotted text.
            (Policies ??= []).Add(new RegoString(oid));
        }
    }

    private void ReadAuthorityInfoAccess(AsnReader seq)
    {
        while (seq.HasData)
        {
            var ad = seq.ReadSequence();
            var method = ad.ReadObjectIdentifier();
            var t = ad.PeekTag();
            if (t.TagClass != TagClass.ContextSpecific || t.TagValue != 6 || t.IsConstructed)
            {
                ad.ReadEncodedValue();
                continue;
            }
            var uri = Encoding.ASCII.GetString(ad.ReadOctetString(t));
            if (method == "1.3.6.1.5.5.7.48.1") (OcspServer ??= []).Add(uri);
            else if (method == "1.3.6.1.5.5.7.48.2") (IssuingCertificateUrl ??= []).Add(uri);
        }
    }

    private void ReadGeneralNames(AsnReader seq)
    {
        while (seq.HasData)
        {
            var t = seq.PeekTag();
            if (t.TagClass != TagClass.ContextSpecific || t.IsConstructed)
            {
                seq.ReadEncodedValue();
                continue;
            }
            var bytes = seq.ReadOctetString(t);
            switch (t.TagValue)
            {
                case 1: (EmailAddresses ??= []).Add(Encoding.ASCII.GetString(bytes)); break;
                case 2: (DnsNames ??= []).Add(Encoding.ASCII.GetString(bytes)); break;
                case 6: (Uris ??= []).Add(Encoding.ASCII.GetString(bytes)); break;
                case 7: (IpAddresses ??= []).Add(X509GoValues.Ip(bytes)); break;
            }
        }
    }

    /// <summary>Go's []*url.URL as JSON: each URL's exported fields.</summary>
    public static RegoValue UrlObjects(List<string>? uris) =>
        uris is null ? RegoNull.Instance : new RegoArray(uris.Select(UrlObject).ToArray());

    private static RegoValue UrlObject(string uri)
    {
        var u = ExtGoUrl.Parse(uri);
        return X509GoValues.Object(
            ("Scheme", new RegoString(u.Scheme)), ("Opaque", RegoString.Empty), ("User", RegoNull.Instance),
            ("Host", new RegoString(u.Host)), ("Path", new RegoString(u.Path)), ("RawPath", RegoString.Empty),
            ("OmitHost", RegoBool.False), ("ForceQuery", RegoBool.False), ("RawQuery", new RegoString(u.RawQuery)),
            ("Fragment", new RegoString(u.Fragment)), ("RawFragment", RegoString.Empty));
    }
}
