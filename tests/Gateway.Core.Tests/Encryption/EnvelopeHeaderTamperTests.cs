using System.Security.Cryptography;
using Gateway.Core.Encryption;
using static Gateway.Core.Tests.Encryption.EnvelopeTestData;

namespace Gateway.Core.Tests.Encryption;

/// <summary>Modified header fields and the wrong or missing key-encryption key.</summary>
public class EnvelopeHeaderTamperTests
{
    private readonly DevelopmentKeyProvider _keys = Keys();
    private readonly byte[] _plaintext = Plaintext(2500, seed: 11);

    private string Digest => DigestOf(_plaintext);

    [Fact]
    public async Task EveryHeaderByteIsProtected()
    {
        var envelope = await SealAsync(_plaintext, _keys);
        for (var i = 0; i < Envelope.HeaderSize; i++)
        {
            var copy = (byte[])envelope.Clone();
            copy[i] ^= (byte)(1 << (i % 8));
            var ex = await Should.ThrowAsync<Exception>(() => EnvelopeReader.OpenAsync(new MemoryStream(copy), _keys, Digest, CancellationToken.None), $"header byte {i}");

            // A changed KEK id or version names a key the provider does not have: that fails closed
            // as a provider error; everything else is reported as tampering.
            var inKeyReference = i is >= EnvelopeFormat.KeyIdLengthOffset and < EnvelopeFormat.WrappedKeyLengthOffset;
            if (ex is KeyProviderException)
            {
                inKeyReference.ShouldBeTrue($"header byte {i}");
            }
            else
            {
                ex.ShouldBeOfType<EnvelopeTamperedException>($"header byte {i}");
            }
        }
    }

    [Theory]
    [InlineData(EnvelopeFormat.MagicOffset, "Magic")]
    [InlineData(EnvelopeFormat.VersionOffset + 1, "FormatVersion")]
    [InlineData(EnvelopeFormat.SuiteOffset, "CipherSuite")]
    [InlineData(EnvelopeFormat.FlagsOffset, "Flags")]
    [InlineData(EnvelopeFormat.ChunkSizeOffset + 3, "HeaderMac")]
    [InlineData(EnvelopeFormat.BlobIdOffset + 5, "HeaderMac")]
    [InlineData(EnvelopeFormat.KeyIdOffset + 200, "KeyId")]
    [InlineData(EnvelopeFormat.WrappedKeyOffset + 3, "WrappedKey")]
    [InlineData(EnvelopeFormat.WrappedKeyOffset + 100, "WrappedKey")]
    [InlineData(EnvelopeFormat.ReservedOffset + 1, "Reserved")]
    [InlineData(EnvelopeFormat.HeaderMacOffset + 31, "HeaderMac")]
    public async Task NamesTheFieldThatFailed(int offset, string field)
    {
        var envelope = await SealAsync(_plaintext, _keys);
        envelope[offset] ^= 0x01;
        var ex = await Should.ThrowAsync<EnvelopeTamperedException>(() => EnvelopeReader.OpenAsync(new MemoryStream(envelope), _keys, Digest, CancellationToken.None));
        ex.Field.ShouldBe(field);
        ex.Message.ShouldContain(field);
    }

    [Fact]
    public async Task WrongKekIsRefused()
    {
        var envelope = await SealAsync(_plaintext, _keys);
        var impostor = Keys("1"); // same key id and version, different key bytes
        var ex = await Should.ThrowAsync<EnvelopeTamperedException>(() => EnvelopeReader.OpenAsync(new MemoryStream(envelope), impostor, Digest, CancellationToken.None));
        ex.Field.ShouldBe("WrappedKey");
        ex.InnerException.ShouldBeAssignableTo<CryptographicException>();
    }

    [Fact]
    public async Task MissingKekVersionFailsClosedWithTheProviderError()
    {
        var envelope = await SealAsync(_plaintext, Keys("1", "2"));
        var ex = await Should.ThrowAsync<KeyProviderException>(() => EnvelopeReader.OpenAsync(new MemoryStream(envelope), Keys("1"), Digest, CancellationToken.None));
        ex.Message.ShouldContain("keys-dev/2");
    }

    [Fact]
    public async Task ProviderOutageOnReadPropagates()
    {
        var envelope = await SealAsync(_plaintext, _keys);
        var failing = new FailingKeyProvider(_keys) { FailUnwrap = true };
        await Should.ThrowAsync<HttpRequestException>(() => EnvelopeReader.OpenAsync(new MemoryStream(envelope), failing, Digest, CancellationToken.None));
    }

    [Fact]
    public async Task TooShortFileIsRejected()
    {
        var ex = await Should.ThrowAsync<EnvelopeTamperedException>(() => EnvelopeReader.OpenAsync(new MemoryStream(new byte[100]), _keys, Digest, CancellationToken.None));
        ex.Field.ShouldBe("Length");
    }

    [Fact]
    public async Task PlainFileIsNotMistakenForAnEnvelope()
    {
        var ex = await Should.ThrowAsync<EnvelopeTamperedException>(() => EnvelopeReader.OpenAsync(new MemoryStream(Plaintext(5000)), _keys, Digest, CancellationToken.None));
        ex.Field.ShouldBe("Magic");
    }
}

/// <summary>Delegates to a real provider but can simulate an outage (e.g. Key Vault unreachable).</summary>
internal sealed class FailingKeyProvider(IKeyProvider inner) : IKeyProvider
{
    public bool FailCurrent { get; init; }

    public bool FailWrap { get; init; }

    public bool FailUnwrap { get; init; }

    public int WrapCalls { get; private set; }

    public string Name => "failing";

    public bool IsDevelopmentKey => false;

    public Task<KeyEncryptionKeyRef> GetCurrentKeyAsync(CancellationToken cancellationToken) =>
        FailCurrent ? throw new HttpRequestException("key vault unreachable") : inner.GetCurrentKeyAsync(cancellationToken);

    public Task<byte[]> WrapKeyAsync(KeyEncryptionKeyRef kek, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
    {
        WrapCalls++;
        return FailWrap ? throw new HttpRequestException("key vault unreachable") : inner.WrapKeyAsync(kek, dataKey, cancellationToken);
    }

    public Task<byte[]> UnwrapKeyAsync(KeyEncryptionKeyRef kek, ReadOnlyMemory<byte> wrapped, CancellationToken cancellationToken) =>
        FailUnwrap ? throw new HttpRequestException("key vault unreachable") : inner.UnwrapKeyAsync(kek, wrapped, cancellationToken);
}
