using System.Security.Cryptography;
using Gateway.Core.Encryption;
using static Gateway.Core.Tests.Encryption.EnvelopeTestData;

namespace Gateway.Core.Tests.Encryption;

public class EnvelopeRewrapTests
{
    private static readonly KeyEncryptionKeyRef V1 = new(DevelopmentKeyProvider.DefaultKeyId, "1");
    private static readonly KeyEncryptionKeyRef V2 = new(DevelopmentKeyProvider.DefaultKeyId, "2");
    private readonly byte[] _plaintext = Plaintext(3000, seed: 5);

    private string Digest => DigestOf(_plaintext);

    [Fact]
    public async Task RewrapChangesOnlyTheHeaderAndStaysReadable()
    {
        var kek1 = RandomNumberGenerator.GetBytes(32);
        var kek2 = RandomNumberGenerator.GetBytes(32);
        var keys = new DevelopmentKeyProvider(DevelopmentKeyProvider.DefaultKeyId, new Dictionary<string, byte[]> { ["1"] = kek1, ["2"] = kek2 }, currentVersion: "1");
        var original = await SealAsync(_plaintext, keys);
        (await Envelope.ReadKeyReferenceAsync(new MemoryStream(original), CancellationToken.None)).ShouldBe(V1);

        var file = new MemoryStream();
        file.Write(original);
        (await Envelope.RewrapAsync(file, keys, V2, CancellationToken.None)).ShouldBeTrue();
        var rewrapped = file.ToArray();

        rewrapped.Length.ShouldBe(original.Length);
        rewrapped.AsSpan(Envelope.HeaderSize).SequenceEqual(original.AsSpan(Envelope.HeaderSize)).ShouldBeTrue();
        rewrapped.AsSpan(0, EnvelopeFormat.ContextSize).SequenceEqual(original.AsSpan(0, EnvelopeFormat.ContextSize)).ShouldBeTrue();
        rewrapped.AsSpan(0, Envelope.HeaderSize).SequenceEqual(original.AsSpan(0, Envelope.HeaderSize)).ShouldBeFalse();
        (await Envelope.ReadKeyReferenceAsync(new MemoryStream(rewrapped), CancellationToken.None)).ShouldBe(V2);

        await using (var reader = await EnvelopeReader.OpenAsync(new MemoryStream(rewrapped), keys, Digest, CancellationToken.None))
        {
            reader.KeyEncryptionKey.ShouldBe(V2);
        }

        // Version 1 can now be retired: a provider holding only version 2 reads the blob.
        var onlyV2 = new DevelopmentKeyProvider(DevelopmentKeyProvider.DefaultKeyId, new Dictionary<string, byte[]> { ["2"] = kek2 });
        (await ReadAllAsync(rewrapped, onlyV2, Digest)).ShouldBe(_plaintext);
        await Should.ThrowAsync<KeyProviderException>(() => ReadAllAsync(original, onlyV2, Digest));
    }

    [Fact]
    public async Task RewrapToTheSameKeyChangesNothing()
    {
        var keys = Keys("1");
        var original = await SealAsync(_plaintext, keys);
        var file = new MemoryStream();
        file.Write(original);
        (await Envelope.RewrapAsync(file, keys, V1, CancellationToken.None)).ShouldBeFalse();
        file.ToArray().ShouldBe(original);
    }

    [Fact]
    public async Task RewrapBetweenProviders()
    {
        var oldKeys = Keys("1");
        var newKeys = new DevelopmentKeyProvider("vault-key", new Dictionary<string, byte[]> { ["abc"] = RandomNumberGenerator.GetBytes(32) });
        var file = new MemoryStream();
        file.Write(await SealAsync(_plaintext, oldKeys));
        (await Envelope.RewrapAsync(file, oldKeys, newKeys, new KeyEncryptionKeyRef("vault-key", "abc"), CancellationToken.None)).ShouldBeTrue();
        (await ReadAllAsync(file.ToArray(), newKeys, Digest)).ShouldBe(_plaintext);
    }

    [Fact]
    public async Task TamperedHeaderIsNotRewrapped()
    {
        var keys = Keys("1", "2");
        var envelope = await SealAsync(_plaintext, keys);
        envelope[EnvelopeFormat.BlobIdOffset] ^= 0x01;
        var file = new MemoryStream();
        file.Write(envelope);
        var ex = await Should.ThrowAsync<EnvelopeTamperedException>(() => Envelope.RewrapAsync(file, keys, V1, CancellationToken.None));
        ex.Field.ShouldBe("HeaderMac");
        file.ToArray().ShouldBe(envelope);
    }

    [Fact]
    public async Task UnknownNewKekLeavesTheEnvelopeUnchanged()
    {
        var keys = Keys("1");
        var envelope = await SealAsync(_plaintext, keys);
        var file = new MemoryStream();
        file.Write(envelope);
        await Should.ThrowAsync<KeyProviderException>(() => Envelope.RewrapAsync(file, keys, V2, CancellationToken.None));
        file.ToArray().ShouldBe(envelope);
    }

    [Fact]
    public async Task ProviderThatCannotUnwrapItsOwnWrappingIsCaughtBeforeWriting()
    {
        var keys = Keys("1");
        var envelope = await SealAsync(_plaintext, keys);
        var file = new MemoryStream();
        file.Write(envelope);
        var broken = new GarblingKeyProvider(Keys("7"));
        await Should.ThrowAsync<KeyProviderException>(() => Envelope.RewrapAsync(file, keys, broken, new KeyEncryptionKeyRef(DevelopmentKeyProvider.DefaultKeyId, "7"), CancellationToken.None));
        file.ToArray().ShouldBe(envelope);
    }

    [Fact]
    public async Task RewrapNeedsAWritableSeekableStream()
    {
        var keys = Keys("1");
        var envelope = await SealAsync(_plaintext, keys);
        await Should.ThrowAsync<ArgumentException>(() => Envelope.RewrapAsync(new MemoryStream(envelope, writable: false), keys, V2, CancellationToken.None));
    }

    /// <summary>Returns a wrapping its own unwrap does not accept: models a misbehaving backend.</summary>
    private sealed class GarblingKeyProvider(IKeyProvider inner) : IKeyProvider
    {
        public string Name => "garbling";

        public bool IsDevelopmentKey => false;

        public Task<KeyEncryptionKeyRef> GetCurrentKeyAsync(CancellationToken cancellationToken) => inner.GetCurrentKeyAsync(cancellationToken);

        public async Task<byte[]> WrapKeyAsync(KeyEncryptionKeyRef kek, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
        {
            var other = new byte[32];
            dataKey.Span.CopyTo(other);
            other[0] ^= 1;
            return await inner.WrapKeyAsync(kek, other, cancellationToken);
        }

        public Task<byte[]> UnwrapKeyAsync(KeyEncryptionKeyRef kek, ReadOnlyMemory<byte> wrapped, CancellationToken cancellationToken) => inner.UnwrapKeyAsync(kek, wrapped, cancellationToken);
    }
}
