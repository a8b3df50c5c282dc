using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>
/// Base64 and hex codecs that accept and reject exactly what Go's encoding/base64 and encoding/hex do,
/// with Go's error text ("illegal base64 data at input byte N"): OPA's messages quote these errors verbatim.
/// </summary>
internal static class ExtGoBase64
{
    private const string StdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private const string UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static readonly sbyte[] StdMap = BuildMap(StdAlphabet);
    private static readonly sbyte[] UrlMap = BuildMap(UrlAlphabet);

    private static sbyte[] BuildMap(string alphabet)
    {
        var map = new sbyte[256];
        Array.Fill(map, (sbyte)-1);
        for (var i = 0; i < alphabet.Length; i++) map[alphabet[i]] = (sbyte)i;
        return map;
    }

    public static string EncodeStd(ReadOnlySpan<byte> data) => Convert.ToBase64String(data);

    public static string EncodeUrl(ReadOnlySpan<byte> data, bool pad)
    {
        var s = Convert.ToBase64String(data).Replace('+', '-').Replace('/', '_');
        return pad ? s : s.TrimEnd('=');
    }

    /// <summary>Decodes like Go's StdEncoding / URLEncoding (padded) or their Raw variants; returns null and sets the error on failure.</summary>
    public static byte[]? TryDecode(ReadOnlySpan<byte> src, bool url, bool padded, out string? error)
    {
        var map = url ? UrlMap : StdMap;
        var dst = new List<byte>(src.Length * 3 / 4 + 3);
        var si = 0;
        error = null;
        Span<byte> dbuf = stackalloc byte[4];
        while (si < src.Length)
        {
            var dlen = 4;
            dbuf.Clear();
            var j = 0;
            var done = false;
            for (; j < 4; j++)
            {
                if (si == src.Length)
                {
                    if (j == 0) return dst.ToArray();
                    if (j == 1 || padded) { error = Corrupt(si - j); return null; }
                    dlen = j;
                    done = true;
                    break;
                }
                var c = src[si++];
                var v = map[c];
                if (v >= 0) { dbuf[j] = (byte)v; continue; }
                if (c is (byte)'\n' or (byte)'\r') { j--; continue; }
                if (!padded || c != (byte)'=') { error = Corrupt(si - 1); return null; }
                // Padding reached.
                switch (j)
                {
                    case 0:
                    case 1:
                        error = Corrupt(si - 1);
                        return null;
                    case 2:
                        while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r') si++;
                        if (si == src.Length) { error = Corrupt(src.Length); return null; }
                        if (src[si] != (byte)'=') { error = Corrupt(si - 1); return null; }
                        si++;
                        break;
                }
                while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r') si++;
                if (si < src.Length) error = Corrupt(si);
                dlen = j;
                done = true;
                break;
            }
            var val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
            var b0 = (byte)(val >> 16);
            var b1 = (byte)(val >> 8);
            var b2 = (byte)val;
            switch (dlen)
            {
                case 4: dst.Add(b0); dst.Add(b1); dst.Add(b2); break;
                case 3: dst.Add(b0); dst.Add(b1); break;
                case 2: dst.Add(b0); break;
            }
            if (error is not null) return null;
            if (done) break;
        }
        return dst.ToArray();
    }

    private static string Corrupt(long offset) => $"illegal base64 data at input byte {offset}";

    public static byte[] DecodeStd(string s) =>
        TryDecode(Encoding.UTF8.GetBytes(s), url: false, padded: true, out var err) ?? throw new BuiltinException(err!);

    public static bool TryDecodeStd(string s, out byte[] bytes)
    {
        var r = TryDecode(Encoding.UTF8.GetBytes(s), url: false, padded: true, out _);
        bytes = r ?? [];
        return r is not null;
    }

    /// <summary>OPA's base64url.decode: adds missing padding (RFC 7515 appendix C), then decodes with padding.</summary>
    public static byte[] DecodeUrlLenient(string s)
    {
        if (!s.EndsWith('='))
        {
            switch (Encoding.UTF8.GetByteCount(s) % 4)
            {
                case 0: break;
                case 2: s += "=="; break;
                case 3: s += "="; break;
                default: throw new BuiltinException($"illegal base64url string: {s}");
            }
        }
        return TryDecode(Encoding.UTF8.GetBytes(s), url: true, padded: true, out var err) ?? throw new BuiltinException(err!);
    }

    /// <summary>Raw (unpadded) URL decoding as Go's base64.RawURLEncoding, or null when invalid.</summary>
    public static byte[]? DecodeRawUrl(string s) => TryDecode(Encoding.UTF8.GetBytes(s), url: true, padded: false, out _);

    public static string HexEncode(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(data);

    /// <summary>Go's hex.DecodeString, with its error wording.</summary>
    public static byte[] HexDecode(string s)
    {
        var src = Encoding.UTF8.GetBytes(s);
        var outLen = src.Length / 2;
        var dst = new byte[outLen];
        var i = 0;
        for (; i < outLen; i++)
        {
            var a = FromHex(src[i * 2]);
            if (a < 0) throw InvalidHexByte(src, i * 2);
            var b = FromHex(src[i * 2 + 1]);
            if (b < 0) throw InvalidHexByte(src, i * 2 + 1);
            dst[i] = (byte)((a << 4) | b);
        }
        if (src.Length % 2 == 1)
        {
            if (FromHex(src[i * 2]) < 0) throw InvalidHexByte(src, i * 2);
            throw new BuiltinException("encoding/hex: odd length hex string");
        }
        return dst;
    }

    private static int FromHex(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    // Go prints the offending byte as a rune (%#U) after its own string conversion of the single byte.
    private static BuiltinException InvalidHexByte(byte[] src, int index)
    {
        var b = src[index];
        var rune = new Rune(b);
        var printable = (b >= 0x20 && b < 0x7f) || (b >= 0xa1 && b != 0xad);
        var text = printable ? $"U+{rune.Value:X4} '{rune}'" : $"U+{rune.Value:X4}";
        return new BuiltinException($"encoding/hex: invalid byte: {text}");
    }

    /// <summary>A Go string is a byte sequence; OPA strings built from arbitrary bytes become UTF-8 with invalid sequences replaced.</summary>
    public static string BytesToString(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
