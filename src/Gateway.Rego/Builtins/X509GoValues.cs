using System.Formats.Asn1;
using System.Globalization;
using System.Net;
using System.Numerics;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// Go's encoding/json rendering of the small types inside x509 structures: []byte as standard base64, nil slices
/// as null, *big.Int as a number, asn1.ObjectIdentifier as an array of ints, time.Time as RFC 3339.
/// </summary>
internal static class X509GoValues
{
    public static RegoValue Bytes(byte[]? b) => b is null ? RegoNull.Instance : new RegoString(Convert.ToBase64String(b));

    public static RegoValue Big(ReadOnlySpan<byte> unsignedBigEndian) => RegoNumber.Of(new BigInteger(unsignedBigEndian, isUnsigned: true, isBigEndian: true));

    public static RegoValue Strings(List<string>? list) =>
        list is null ? RegoNull.Instance : new RegoArray(list.Select(s => (RegoValue)new RegoString(s)).ToArray());

    public static RegoValue Ints(List<int>? list) =>
        list is null ? RegoNull.Instance : new RegoArray(list.Select(i => (RegoValue)RegoNumber.Of(i)).ToArray());

    public static RegoValue Oid(string dotted) =>
        new RegoArray(dotted.Split('.').Select(p => (RegoValue)RegoNumber.Of(BigInteger.Parse(p, CultureInfo.InvariantCulture))).ToArray());

    public static RegoValue List(List<RegoValue>? list) => list is null ? RegoNull.Instance : new RegoArray(list.ToArray());

    /// <summary>time.Time's MarshalJSON (RFC 3339 with nanoseconds trimmed), always UTC for certificates.</summary>
    public static RegoValue Time(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var frac = utc.Ticks % TimeSpan.TicksPerSecond;
        if (frac != 0) text += "." + (frac * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return new RegoString(text + "Z");
    }

    public static RegoValue Ip(byte[] raw) =>
        raw.Length is 4 or 16 ? new RegoString(new IPAddress(raw).ToString()) : new RegoString("?" + Convert.ToHexStringLower(raw));

    /// <summary>An object with string keys, in Go struct field order (the order does not matter to Rego).</summary>
    public static RegoObject Object(params (string Key, RegoValue Value)[] fields)
    {
        var d = new Dictionary<RegoValue, RegoValue>(fields.Length);
        foreach (var (k, v) in fields) d[new RegoString(k)] = v;
        return new RegoObject(d);
    }

    /// <summary>Go's asn1 decoding into an interface{}: strings, integers, booleans; other values as their raw bytes.</summary>
    public static RegoValue AnyValue(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.TagClass == TagClass.Universal)
        {
            switch ((UniversalTagNumber)tag.TagValue)
            {
                case UniversalTagNumber.PrintableString:
                case UniversalTagNumber.UTF8String:
                case UniversalTagNumber.IA5String:
                case UniversalTagNumber.T61String:
                case UniversalTagNumber.NumericString:
                case UniversalTagNumber.BMPString:
                case UniversalTagNumber.VisibleString:
                    return new RegoString(reader.ReadCharacterString((UniversalTagNumber)tag.TagValue));
                case UniversalTagNumber.Integer:
                    return RegoNumber.Of(reader.ReadInteger());
                case UniversalTagNumber.Boolean:
                    return RegoBool.Of(reader.ReadBoolean());
            }
        }
        return Bytes(reader.ReadEncodedValue().ToArray());
    }
}
