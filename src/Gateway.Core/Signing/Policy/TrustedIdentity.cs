using System.Security.Cryptography.X509Certificates;

namespace Gateway.Core.Signing.Policy;

/// <summary>
/// One trustedIdentities entry: <c>*</c> (any signer the trust store vouches for) or
/// <c>x509.subject: CN=Release,O=Acme</c>, which matches a signing certificate whose subject has exactly those
/// attributes, in any order.
/// </summary>
public sealed class TrustedIdentity
{
    private const string SubjectPrefix = "x509.subject:";

    private TrustedIdentity(string text, DistinguishedName? subject)
    {
        Text = text;
        Subject = subject;
    }

    public string Text { get; }

    /// <summary>Null for the wildcard.</summary>
    public DistinguishedName? Subject { get; }

    public bool IsWildcard => Subject is null;

    public override string ToString() => Text;

    public static bool TryParse(string? text, out TrustedIdentity identity, out string error)
    {
        identity = null!;
        error = "";
        if (text == "*")
        {
            identity = new TrustedIdentity(text, null);
            return true;
        }
        if (text is null || !text.StartsWith(SubjectPrefix, StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{text}' must be '*' or start with '{SubjectPrefix}'";
            return false;
        }
        if (!DistinguishedName.TryParse(text[SubjectPrefix.Length..], out var dn, out var dnError))
        {
            error = $"'{text}' has an invalid subject: {dnError}";
            return false;
        }
        identity = new TrustedIdentity(text, dn);
        return true;
    }

    public bool Matches(X509Certificate2 leaf) => Subject is null || Subject.Equals(DistinguishedName.From(leaf.SubjectName));
}
