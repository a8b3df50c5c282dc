using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Gateway.Core.Identity;

/// <summary>
/// Generates and hashes registry passwords. Hashing is ASP.NET Core Identity's PasswordHasher (PBKDF2-HMAC-SHA512,
/// 100,000 iterations, 128-bit salt, constant-time comparison): a kept library, not ours.
/// </summary>
public static class Passwords
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object User = new();

    /// <summary>A new random password: 32 characters from a URL-safe alphabet (about 190 bits).</summary>
    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'A').Replace('/', 'B');

    public static string Hash(string password) => Hasher.HashPassword(User, password);

    public static bool Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(User, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;

    /// <summary>Constant-time equality for secrets held in plain form (the configured bootstrap password).</summary>
    public static bool FixedTimeEquals(string a, string b)
    {
        // Hash first so the comparison time does not depend on the lengths either.
        var ha = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(a));
        var hb = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(b));
        return CryptographicOperations.FixedTimeEquals(ha, hb);
    }
}
