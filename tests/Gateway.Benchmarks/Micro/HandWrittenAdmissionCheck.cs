using System.Text.Json.Nodes;
using Gateway.Rego;
using Gateway.Rego.Values;

namespace Gateway.Benchmarks.Micro;

/// <summary>
/// Guards <see cref="HandWrittenAdmission"/>: it must give the engine's deny set for the benchmark input and for
/// mutations of it that each trigger different deny rules (and a few with odd value types). Throws with both
/// sets when they differ, or when a mutation denies nothing (it would then test nothing).
/// </summary>
public static class HandWrittenAdmissionCheck
{
    public static void Verify(PreparedQuery deny, string inputJson)
    {
        if (Compare("benchmark input", deny, RegoJson.Parse(inputJson)).Count != 0)
        {
            throw new InvalidOperationException("the benchmark input should be admitted");
        }
        foreach (var (name, mutate) in Mutations)
        {
            var doc = JsonNode.Parse(inputJson)!.AsObject();
            mutate(doc);
            if (Compare(name, deny, RegoJson.Parse(doc.ToJsonString())).Count == 0)
            {
                throw new InvalidOperationException($"mutation '{name}' denies nothing");
            }
        }
    }

    /// <summary>The engine's deny set for the input, after checking the hand-written one equals it.</summary>
    public static RegoSet Compare(string name, PreparedQuery deny, RegoValue input)
    {
        var engine = deny.Evaluate(input).Value as RegoSet ?? throw new InvalidOperationException($"{name}: deny is not a set");
        var hand = HandWrittenAdmission.Deny(input);
        if (!hand.Equals(engine))
        {
            throw new InvalidOperationException(
                $"{name}: the hand-written deny differs from the engine's\n  hand-written: {RegoJson.ToJson(hand)}\n  engine:       {RegoJson.ToJson(engine)}");
        }
        return engine;
    }

    private static JsonObject Config(JsonObject j) => j["config"]!.AsObject();
    private static JsonObject ContainerConfig(JsonObject j) => j["config"]!["config"]!.AsObject();
    private static JsonObject Labels(JsonObject j) => ContainerConfig(j)["Labels"]!.AsObject();
    private static JsonArray Layers(JsonObject j) => j["manifest"]!["layers"]!.AsArray();
    private static JsonArray Signatures(JsonObject j) => j["signatures"]!.AsArray();

    /// <summary>Each mutation edits the parsed benchmark input.</summary>
    public static readonly (string Name, Action<JsonObject> Mutate)[] Mutations =
    [
        ("latest tag", j => j["tag"] = "latest"),
        ("unverified signatures", j => { foreach (var s in Signatures(j)) s!["verified"] = false; }),
        ("no signatures", j => j["signatures"] = new JsonArray()),
        ("untrusted signers", j => { foreach (var s in Signatures(j)) s!["signer"] = "someone"; }),
        ("signature for another manifest, unknown format", j => { Signatures(j)[0]!["digest"] = "sha256:0000"; Signatures(j)[1]!["format"] = "pgp"; }),
        ("wrong os", j => Config(j)["os"] = "windows"),
        ("arm architecture", j => Config(j)["architecture"] = "arm"),
        ("s390x architecture", j => Config(j)["architecture"] = "s390x"),
        ("no architecture", j => Config(j).Remove("architecture")),
        ("secret-looking env var", j => ContainerConfig(j)["Env"]!.AsArray().Add("API_KEY=x")),
        ("LD_PRELOAD", j => ContainerConfig(j)["Env"]!.AsArray().Add("LD_PRELOAD=/tmp/x.so")),
        ("privileged port", j => ContainerConfig(j)["ExposedPorts"]!["22/tcp"] = new JsonObject()),
        ("foreign layer", j => Layers(j)[0]!["urls"] = new JsonArray("https://example.com/layer")),
        ("non-sha256 layer", j => Layers(j)[1]!["digest"] = "sha512:4fbec69b941195fd56f8212a5000e304"),
        ("disallowed layer type", j => Layers(j)[2]!["mediaType"] = "application/vnd.oci.image.layer.v1.tar"),
        ("oversized layer", j => Layers(j)[3]!["size"] = 3_000_000_000L),
        ("oversized image", j => { foreach (var l in Layers(j)) l!["size"] = 2_000_000_000L; }),
        ("65 layers", j => { var layers = Layers(j); while (layers.Count < 65) layers.Add(layers[0]!.DeepClone()); }),
        ("missing labels", j => ContainerConfig(j).Remove("Labels")),
        ("non-github source", j => Labels(j)["org.opencontainers.image.source"] = "https://gitlab.com/example/payments"),
        ("short revision", j => Labels(j)["org.opencontainers.image.revision"] = "3f2a9c1"),
        ("untrusted base image", j => Labels(j)["org.opencontainers.image.base.name"] = "docker.io/library/alpine:3"),
        ("old image", j => Config(j)["created"] = "2020-01-01T00:00:00Z"),
        ("old image, offset and fraction", j => Config(j)["created"] = "2024-02-29T23:59:59.123456789+05:30"),
        ("pull by a principal without roles", j => { j["action"] = "pull"; j["principal"]!["roles"] = new JsonArray(); }),
        ("push without roles to a protected repository", j => j["principal"]!["roles"] = new JsonArray("Pull")),
        ("anonymous push", j => j["principal"]!.AsObject().Remove("name")),
        ("reserved annotation", j => j["manifest"]!["annotations"]!["io.gateway.internal.owner"] = "x"),
        ("/etc volume", j => ContainerConfig(j)["Volumes"] = new JsonObject { ["/etc"] = new JsonObject(), ["/data"] = new JsonObject() }),
        ("curl | sh in history", j => Config(j)["history"]!.AsArray().Add(new JsonObject { ["created_by"] = "RUN set -e; Curl | SH" })),
        ("ADD http in history", j => Config(j)["history"]!.AsArray().Add(new JsonObject { ["created_by"] = "ADD https://x.example/a.tgz /" })),
        ("rootfs type and diff_ids", j => { Config(j)["rootfs"]!["type"] = "tar"; Config(j)["rootfs"]!["diff_ids"]!.AsArray().RemoveAt(0); }),
        ("schema version 1, docker v1 manifest", j => { j["manifest"]!["schemaVersion"] = 1; j["manifest"]!["mediaType"] = "application/vnd.docker.distribution.manifest.v1+json"; }),
        ("root user", j => ContainerConfig(j)["User"] = "root"),
        ("invalid tag", j => j["tag"] = "-bad:tag"),
        ("non-semver production tag", j => j["tag"] = "v1.4"),
        ("subject is the manifest itself", j => j["manifest"]!["subject"] = new JsonObject { ["digest"] = j["digest"]!.DeepClone() }),
        ("critical vulnerabilities", j => j["scan"]!["critical"] = 3),
        ("bare shell entrypoint", j => ContainerConfig(j)["Entrypoint"] = new JsonArray("/bin/sh")),
        ("invalid repository name", j => j["repository"] = "prod//Payments/"),
        ("odd value types", j =>
        {
            j["tag"] = 7;
            Layers(j)[0]!["size"] = "big";
            Layers(j)[1]!["size"] = 2147483648.5;
            j["scan"]!["critical"] = "many";
            Labels(j)["org.opencontainers.image.revision"] = 42;
            Labels(j)["org.opencontainers.image.source"] = new JsonArray("https://github.com/x", 1);
        }),
        ("config is not an object", j => j["config"] = "none"),
    ];
}
