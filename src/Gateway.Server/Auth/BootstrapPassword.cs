using Gateway.Core.Identity;

namespace Gateway.Server.Auth;

/// <summary>
/// Development convenience: with no Gateway:Bootstrap:AdminPassword configured, a password for the bootstrap owner
/// is generated on first start and printed once on the console; only its hash is kept (in the data folder), so it
/// survives restarts without being recoverable. Never used outside Development.
/// </summary>
internal static class BootstrapPassword
{
    public static string LoadOrGenerateHash(string path, string userName)
    {
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        var password = Passwords.Generate();
        Core.Encryption.KeyFiles.WriteSecret(path, Passwords.Hash(password));
        // Printed to the console once, deliberately not through the logger: it must not land in log files.
        Console.WriteLine($"""

            Gateway bootstrap owner (Development): user '{userName}', password '{password}'
            This password is shown once. Set Gateway__Bootstrap__AdminPassword to choose your own; delete {path} to generate a new one.

            """);
        return File.ReadAllText(path).Trim();
    }
}
