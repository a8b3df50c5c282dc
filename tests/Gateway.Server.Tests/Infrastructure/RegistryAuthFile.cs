using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Server.Tests.Infrastructure;

/// <summary>The containers auth file (REGISTRY_AUTH_FILE) the real clients read: one entry per running test gateway, as `podman login` would write it.</summary>
public static class RegistryAuthFile
{
    private static readonly object Gate = new();
    public static string Path { get; } = System.IO.Path.Combine(TempFolder.Create("registry-auth"), "auth.json");

    static RegistryAuthFile()
    {
        File.WriteAllText(Path, """{"auths":{}}""");
    }

    public static void Add(string hostPort, string user, string password)
    {
        lock (Gate)
        {
            var root = JsonNode.Parse(File.ReadAllText(Path))!.AsObject();
            root["auths"]![hostPort] = new JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")) };
            File.WriteAllText(Path, root.ToJsonString());
        }
    }
}
