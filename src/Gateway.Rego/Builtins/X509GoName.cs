using System.Formats.Asn1;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// A distinguished name as Go's pkix.Name marshals to JSON: the well-known attributes pulled into their own
/// fields (CommonName, Organization, …; only string values count, as in FillFromRDNSequence), every attribute
/// in Names, and ExtraNames null (it is only set when building certificates).
/// </summary>
internal static class X509GoName
{
    public static RegoObject Read(byte[] nameDer)
    {
        List<string>? country = null, organization = null, unit = null, locality = null, province = null, street = null, postal = null;
        string serial = string.Empty, commonName = string.Empty;
        var names = new List<RegoValue>();

        var rdns = new AsnReader(nameDer, AsnEncodingRules.BER).ReadSequence();
        while (rdns.HasData)
        {
            var set = rdns.ReadSetOf(skipSortOrderValidation: true);
            while (set.HasData)
            {
                var atv = set.ReadSequence();
                var oid = atv.ReadObjectIdentifier();
                var value = X509GoValues.AnyValue(atv);
                names.Add(X509GoValues.Object(("Type", X509GoValues.Oid(oid)), ("Value", value)));
                if (value is not RegoString s) continue;
                switch (oid)
                {
                    case "2.5.4.3": commonName = s.Value; break;
                    case "2.5.4.5": serial = s.Value; break;
                    case "2.5.4.6": (country ??= []).Add(s.Value); break;
                    case "2.5.4.7": (locality ??= []).Add(s.Value); break;
                    case "2.5.4.8": (province ??= []).Add(s.Value); break;
                    case "2.5.4.9": (street ??= []).Add(s.Value); break;
                    case "2.5.4.10": (organization ??= []).Add(s.Value); break;
                    case "2.5.4.11": (unit ??= []).Add(s.Value); break;
                    case "2.5.4.17": (postal ??= []).Add(s.Value); break;
                }
            }
        }

        return X509GoValues.Object(
            ("Country", X509GoValues.Strings(country)),
            ("Organization", X509GoValues.Strings(organization)),
            ("OrganizationalUnit", X509GoValues.Strings(unit)),
            ("Locality", X509GoValues.Strings(locality)),
            ("Province", X509GoValues.Strings(province)),
            ("StreetAddress", X509GoValues.Strings(street)),
            ("PostalCode", X509GoValues.Strings(postal)),
            ("SerialNumber", new RegoString(serial)),
            ("CommonName", new RegoString(commonName)),
            ("Names", names.Count == 0 ? RegoNull.Instance : new RegoArray(names.ToArray())),
            ("ExtraNames", RegoNull.Instance));
    }
}
