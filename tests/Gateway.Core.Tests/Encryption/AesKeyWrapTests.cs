using System.Security.Cryptography;
using Gateway.Core.Encryption;

namespace Gateway.Core.Tests.Encryption;

public class AesKeyWrapTests
{
    private const string Kek128 = "000102030405060708090A0B0C0D0E0F";
    private const string Kek192 = "000102030405060708090A0B0C0D0E0F1011121314151617";
    private const string Kek256 = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
    private const string Data128 = "00112233445566778899AABBCCDDEEFF";
    private const string Data192 = "00112233445566778899AABBCCDDEEFF0001020304050607";
    private const string Data256 = "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F";

    // RFC 3394 section 4, test vectors 4.1 to 4.6.
    [Theory]
    [InlineData(Kek128, Data128, "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5")]
    [InlineData(Kek192, Data128, "96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D")]
    [InlineData(Kek256, Data128, "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7")]
    [InlineData(Kek192, Data192, "031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2")]
    [InlineData(Kek256, Data192, "A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1")]
    [InlineData(Kek256, Data256, "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21")]
    public void Rfc3394Vectors(string kek, string data, string wrapped)
    {
        var key = Convert.FromHexString(kek);
        Convert.ToHexString(AesKeyWrap.Wrap(key, Convert.FromHexString(data))).ShouldBe(wrapped);
        Convert.ToHexString(AesKeyWrap.Unwrap(key, Convert.FromHexString(wrapped))).ShouldBe(data);
    }

    [Fact]
    public void EveryModifiedBitFailsTheIntegrityCheck()
    {
        var kek = Convert.FromHexString(Kek256);
        var wrapped = Convert.FromHexString("28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");
        for (var bit = 0; bit < wrapped.Length * 8; bit++)
        {
            var copy = (byte[])wrapped.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Should.Throw<CryptographicException>(() => AesKeyWrap.Unwrap(kek, copy));
        }
    }

    [Fact]
    public void UnwrapWithAnotherKekFails()
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = AesKeyWrap.Wrap(RandomNumberGenerator.GetBytes(32), dataKey);
        wrapped.Length.ShouldBe(40);
        Should.Throw<CryptographicException>(() => AesKeyWrap.Unwrap(RandomNumberGenerator.GetBytes(32), wrapped))
            .Message.ShouldContain("integrity check failed");
    }

    [Theory]
    [InlineData(8)]
    [InlineData(20)]
    public void WrapRejectsLengthsThatAreNotWholeBlocks(int length)
    {
        Should.Throw<ArgumentException>(() => AesKeyWrap.Wrap(new byte[32], new byte[length]));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(33)]
    public void UnwrapRejectsBadLengths(int length)
    {
        Should.Throw<CryptographicException>(() => AesKeyWrap.Unwrap(new byte[32], new byte[length]));
    }

    [Fact]
    public void RejectsKekOfWrongSize()
    {
        Should.Throw<ArgumentException>(() => AesKeyWrap.Wrap(new byte[31], new byte[32]));
    }
}
