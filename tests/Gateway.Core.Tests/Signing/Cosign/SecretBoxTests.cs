using Gateway.Core.Signing.Cosign;

namespace Gateway.Core.Tests.Signing.Cosign;

public sealed class SecretBoxTests
{
    // The NaCl secretbox test vector (Bernstein, "Cryptography in NaCl", section 10: firstkey, nonce, 131-byte message).
    private static readonly byte[] Key = Convert.FromHexString("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
    private static readonly byte[] Nonce = Convert.FromHexString("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
    private static readonly byte[] Message = Convert.FromHexString(
        "be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705");
    private static readonly byte[] Box = Convert.FromHexString(
        "f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74e355a5");

    [Fact]
    public void Matches_the_NaCl_test_vector()
    {
        SecretBox.Seal(Key, Nonce, Message).ShouldBe(Box);
        SecretBox.Open(Key, Nonce, Box).ShouldBe(Message);
    }

    [Fact]
    public void Open_refuses_a_wrong_key_or_a_flipped_bit()
    {
        var wrongKey = (byte[])Key.Clone();
        wrongKey[0] ^= 1;
        SecretBox.Open(wrongKey, Nonce, Box).ShouldBeNull();
        var flipped = (byte[])Box.Clone();
        flipped[40] ^= 0x80;
        SecretBox.Open(Key, Nonce, flipped).ShouldBeNull();
    }
}
