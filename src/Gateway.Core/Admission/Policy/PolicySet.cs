using Gateway.Rego;
using Gateway.Rego.Loading;

namespace Gateway.Core.Admission.Policy;

/// <summary>One compiled generation of the policy folder: the prepared decision query and what it was built from.</summary>
public sealed record PolicySet(int Version, string Hash, DateTimeOffset LoadedAt, IReadOnlyList<string> Files, RegoEngine Engine, PreparedQuery Decision)
{
    /// <summary>Compile every module and data document under <paramref name="path"/>; throws RegoException or IOException on failure.</summary>
    public static PolicySet Compile(string path, string query, int version, DateTimeOffset now)
    {
        var sources = PolicyLoader.Load([path]);
        var engine = PolicyLoader.CreateEngine(sources);
        engine.Compile();
        var decision = engine.Prepare(query);
        var relative = sources.Files.Select(f => System.IO.Path.GetRelativePath(path, f)).ToList();
        return new PolicySet(version, ContentHash(sources.Files), now, relative, engine, decision);
    }

    /// <summary>A hash of the folder's content, so an unchanged folder is not recompiled into a new version.</summary>
    public static string ContentHash(IEnumerable<string> files)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
