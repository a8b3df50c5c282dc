using System.Formats.Asn1;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// Certificates and certificate requests as OPA returns them: Go's x509.Certificate / x509.CertificateRequest
/// marshalled by encoding/json, field by field, from our own walk of the DER. Known gaps: name-constraint lists
/// (Permitted*/Excluded*) are always null, the policy-constraint fields keep their zero values, and a request's
/// deprecated Attributes field is null (its extensions still appear under Extensions).
/// </summary>
internal static class X509GoCertificate
{
    /// <summary>One certificate; <paramref name="withUriStrings"/> adds OPA's extra URIStrings field.</summary>
    public static RegoObject Parse(byte[] der, bool withUriStrings)
    {
        try
        {
            return ParseCore(der, withUriStrings);
        }
        catch (Exception e) when (e is AsnContentException or System.Security.Cryptography.CryptographicException or InvalidOperationException)
        {
            throw new BuiltinException("x509: malformed certificate");
        }
    }

    /// <summary>Go's x509.ParseCertificates: concatenated DER certificates.</summary>
    public static List<byte[]> SplitDer(byte[] der)
    {
        var list = new List<byte[]>();
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            while (reader.HasData) list.Add(reader.ReadEncodedValue().ToArray());
        }
        catch (AsnContentException)
        {
            throw new BuiltinException("x509: malformed certificate");
        }
        return list;
    }

    private static RegoObject ParseCore(byte[] der, bool withUriStrings)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var cert = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var rawTbs = cert.ReadEncodedValue().ToArray();
        var signatureAlgorithm = X509GoKeys.SignatureAlgorithm(cert.ReadSequence());
        var signature = cert.ReadBitString(out _);

        var tbs = new AsnReader(rawTbs, AsnEncodingRules.DER).ReadSequence();
        var version = 1;
        var v0 = new Asn1Tag(TagClass.ContextSpecific, 0, true);
        if (tbs.PeekTag().HasSameClassAndValue(v0))
        {
            var v = tbs.ReadSequence(v0);
            version = (int)v.ReadInteger() + 1;
        }
        var serial = tbs.ReadInteger();
        tbs.ReadSequence(); // the inner signature AlgorithmIdentifier repeats the outer one
        var rawIssuer = tbs.ReadEncodedValue().ToArray();
        var validity = tbs.ReadSequence();
        var notBefore = ReadTime(validity);
        var notAfter = ReadTime(validity);
        var rawSubject = tbs.ReadEncodedValue().ToArray();
        var spki = tbs.ReadEncodedValue().ToArray();
        var (publicKeyAlgorithm, publicKey) = X509GoKeys.PublicKey(spki);

        var ext = new X509GoExtensions();
        while (tbs.HasData)
        {
            var tag = tbs.PeekTag();
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 3)
            {
                ext.Read(tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 3, true)).ReadSequence(), certificate: true);
            }
            else
            {
                tbs.ReadEncodedValue(); // issuerUniqueID / subjectUniqueID
            }
        }

        var fields = new List<(string, RegoValue)>
        {
            ("Raw", X509GoValues.Bytes(der)),
            ("RawTBSCertificate", X509GoValues.Bytes(rawTbs)),
            ("RawSubjectPublicKeyInfo", X509GoValues.Bytes(spki)),
            ("RawSubject", X509GoValues.Bytes(rawSubject)),
            ("RawIssuer", X509GoValues.Bytes(rawIssuer)),
            ("Signature", X509GoValues.Bytes(signature)),
            ("SignatureAlgorithm", RegoNumber.Of(signatureAlgorithm)),
            ("PublicKeyAlgorithm", RegoNumber.Of(publicKeyAlgorithm)),
            ("PublicKey", publicKey),
            ("Version", RegoNumber.Of(version)),
            ("SerialNumber", RegoNumber.Of(serial)),
            ("Issuer", X509GoName.Read(rawIssuer)),
            ("Subject", X509GoName.Read(rawSubject)),
            ("NotBefore", X509GoValues.Time(notBefore)),
            ("NotAfter", X509GoValues.Time(notAfter)),
            ("KeyUsage", RegoNumber.Of(ext.KeyUsage)),
            ("Extensions", X509GoValues.List(ext.Extensions)),
            ("ExtraExtensions", RegoNull.Instance),
            ("UnhandledCriticalExtensions", X509GoValues.List(ext.Unhandled)),
            ("ExtKeyUsage", X509GoValues.Ints(ext.ExtKeyUsage)),
            ("UnknownExtKeyUsage", X509GoValues.List(ext.UnknownExtKeyUsage)),
            ("BasicConstraintsValid", RegoBool.Of(ext.BasicConstraintsValid)),
            ("IsCA", RegoBool.Of(ext.IsCa)),
            ("MaxPathLen", RegoNumber.Of(ext.MaxPathLen)),
            ("MaxPathLenZero", RegoBool.Of(ext.BasicConstraintsValid && ext.MaxPathLen == 0)),
            ("SubjectKeyId", X509GoValues.Bytes(ext.SubjectKeyId)),
            ("AuthorityKeyId", X509GoValues.Bytes(ext.AuthorityKeyId)),
            ("OCSPServer", X509GoValues.Strings(ext.OcspServer)),
            ("IssuingCertificateURL", X509GoValues.Strings(ext.IssuingCertificateUrl)),
            ("DNSNames", X509GoValues.Strings(ext.DnsNames)),
            ("EmailAddresses", X509GoValues.Strings(ext.EmailAddresses)),
            ("IPAddresses", X509GoValues.List(ext.IpAddresses)),
            ("URIs", X509GoExtensions.UrlObjects(ext.Uris)),
            ("PermittedDNSDomainsCritical", RegoBool.False),
            ("PermittedDNSDomains", RegoNull.Instance),
            ("ExcludedDNSDomains", RegoNull.Instance),
            ("PermittedIPRanges", RegoNull.Instance),
            ("ExcludedIPRanges", RegoNull.Instance),
            ("PermittedEmailAddresses", RegoNull.Instance),
            ("ExcludedEmailAddresses", RegoNull.Instance),
            ("PermittedURIDomains", RegoNull.Instance),
            ("ExcludedURIDomains", RegoNull.Instance),
            ("CRLDistributionPoints", X509GoValues.Strings(ext.CrlDistributionPoints)),
            ("PolicyIdentifiers", X509GoValues.List(ext.PolicyIdentifiers)),
            ("Policies", X509GoValues.List(ext.Policies)),
            ("InhibitAnyPolicy", RegoNumber.Zero),
            ("InhibitAnyPolicyZero", RegoBool.False),
            ("InhibitPolicyMapping", RegoNumber.Zero),
            ("InhibitPolicyMappingZero", RegoBool.False),
            ("RequireExplicitPolicy", RegoNumber.Zero),
            ("RequireExplicitPolicyZero", RegoBool.False),
            ("PolicyMappings", RegoNull.Instance),
        };
        if (withUriStrings) fields.Add(("URIStrings", X509GoValues.Strings(ext.Uris)));
        return X509GoValues.Object(fields.ToArray());
    }

    private static DateTimeOffset ReadTime(AsnReader r) =>
        r.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? r.ReadUtcTime(2049) : r.ReadGeneralizedTime();

    /// <summary>Go's x509.ParseCertificateRequest as JSON; malformed input gives encoding/asn1's wording.</summary>
    public static RegoObject ParseRequest(byte[] der)
    {
        try
        {
            return ParseRequestCore(der);
        }
        catch (AsnContentException)
        {
            throw new BuiltinException(der.Length > 0 && der[0] == 0x30
                ? "asn1: syntax error: data truncated"
                : "asn1: structure error: tags don't match");
        }
    }

    private static RegoObject ParseRequestCore(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var csr = outer.ReadSequence();
        var rawTbs = csr.ReadEncodedValue().ToArray();
        var signatureAlgorithm = X509GoKeys.SignatureAlgorithm(csr.ReadSequence());
        var signature = csr.ReadBitString(out _);

        var tbs = new AsnReader(rawTbs, AsnEncodingRules.DER).ReadSequence();
        var version = (int)tbs.ReadInteger();
        var rawSubject = tbs.ReadEncodedValue().ToArray();
        var spki = tbs.ReadEncodedValue().ToArray();
        var (publicKeyAlgorithm, publicKey) = X509GoKeys.PublicKey(spki);

        var ext = new X509GoExtensions();
        var attrTag = new Asn1Tag(TagClass.ContextSpecific, 0, true);
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(attrTag))
        {
            var attrs = tbs.ReadSetOf(skipSortOrderValidation: true, expectedTag: attrTag);
            while (attrs.HasData)
            {
                var attr = attrs.ReadSequence();
                var oid = attr.ReadObjectIdentifier();
                var values = attr.ReadSetOf(skipSortOrderValidation: true);
                // PKCS #9 extensionRequest: its value is the Extensions SEQUENCE.
                if (oid == "1.2.840.113549.1.9.14" && values.HasData) ext.Read(values.ReadSequence(), certificate: false);
            }
        }

        return X509GoValues.Object(
            ("Raw", X509GoValues.Bytes(der)),
            ("RawTBSCertificateRequest", X509GoValues.Bytes(rawTbs)),
            ("RawSubjectPublicKeyInfo", X509GoValues.Bytes(spki)),
            ("RawSubject", X509GoValues.Bytes(rawSubject)),
            ("Version", RegoNumber.Of(version)),
            ("Signature", X509GoValues.Bytes(signature)),
            ("SignatureAlgorithm", RegoNumber.Of(signatureAlgorithm)),
            ("PublicKeyAlgorithm", RegoNumber.Of(publicKeyAlgorithm)),
            ("PublicKey", publicKey),
            ("Subject", X509GoName.Read(rawSubject)),
            ("Attributes", RegoNull.Instance),
            ("Extensions", X509GoValues.List(ext.Extensions)),
            ("ExtraExtensions", RegoNull.Instance),
            ("DNSNames", X509GoValues.Strings(ext.DnsNames)),
            ("EmailAddresses", X509GoValues.Strings(ext.EmailAddresses)),
            ("IPAddresses", X509GoValues.List(ext.IpAddresses)),
            ("URIs", X509GoExtensions.UrlObjects(ext.Uris)));
    }
}
