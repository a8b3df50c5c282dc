using System.Buffers;
using Gateway.Rego.Values;
using static Gateway.Benchmarks.Micro.HandWrittenBuiltins;

namespace Gateway.Benchmarks.Micro;

/// <summary>
/// <c>data.gateway.admission.deny</c> of Policies/admission.rego translated by hand into C# over the engine's value
/// types: how fast any compiler that keeps this value model could possibly compute the decision. One method per
/// deny rule, in the policy's order; the complete rules several of them read (config, labels, layers, is_prod…)
/// are computed once per decision in <see cref="Facts"/>, as an evaluator memoizes them within one evaluation.
/// Nothing is cached across calls; only the policy's constants are hoisted into static fields.
/// <para>
/// Rego semantics kept: undefined is null and makes a body fail; <c>not x</c> holds when x is undefined or false;
/// a builtin type error makes its expression undefined (the engine's default, non-strict builtin errors);
/// equality and ordering across types are RegoValue.Equals / CompareTo, as in the engine. Simplifications, all
/// on malformed values, are listed where they are made (<see cref="HandWrittenBuiltins"/>:
/// time.parse_rfc3339_ns of shapes only Go's layout parser reads, <see cref="ImageAge"/>'s rounding
/// of a fractional now_ns). Deny messages go through a small sprintf for strings and 64-bit integers; any other
/// argument (a string under %d, a fraction) is handed to the engine's internal port of Go's fmt (visible to this
/// assembly), so even odd inputs read as OPA writes them. Neither path runs for an admitted input.
/// </para>
/// </summary>
public static class HandWrittenAdmission
{
    private const int MaxLayers = 64;
    private static readonly RegoNumber MaxLayerBytes = RegoNumber.Of(2147483648L);
    private const long MaxImageBytes = 8589934592L;
    private static readonly RegoNumber MaxImageBytesNumber = RegoNumber.Of(MaxImageBytes);
    private static readonly RegoNumber SchemaVersion2 = RegoNumber.Of(2);
    private const long NanosPerDay = 1000L * 1000 * 1000 * 86400;
    private static readonly RegoNumber NanosPerDayNumber = RegoNumber.Of(NanosPerDay);
    private static readonly RegoNumber Days365 = RegoNumber.Of(365);

    private static readonly RegoString[] RequiredLabels = [Field.Source, Field.Revision, Field.Maintainer];
    private static readonly RegoString[] LabelRequiredMessages =
        [.. RequiredLabels.Select(l => new RegoString($"config: label {l.Value} is required"))];
    // The pattern lists a rule searches for, prepared once (a compiler would hoist these constants the same way).
    private static readonly SearchValues<string> SecretEnvPatterns =
        SearchValues.Create(["password", "secret", "api_key", "apikey", "token", "private_key"], StringComparison.Ordinal);
    private static readonly string[] ApprovedForges = ["https://github.com/", "https://dev.azure.com/"];
    private static readonly SearchValues<string> CurlPipe = SearchValues.Create(["curl | sh"], StringComparison.Ordinal);

    public static RegoSet Deny(RegoValue input)
    {
        var f = new Facts(input);
        HashSet<RegoValue>? deny = null;
        ManifestSchemaVersion(in f, ref deny);
        ManifestMediaType(in f, ref deny);
        LayerCount(in f, ref deny);
        LayerSize(in f, ref deny);
        ImageSize(in f, ref deny);
        LayerMediaType(in f, ref deny);
        LayerDigest(in f, ref deny);
        ForeignLayer(in f, ref deny);
        ArchitectureMissing(in f, ref deny);
        ArchitectureAllowed(in f, ref deny);
        OperatingSystem(in f, ref deny);
        RunsAsRoot(in f, ref deny);
        RequiredLabel(in f, ref deny);
        SourceForge(in f, ref deny);
        RevisionCommit(in f, ref deny);
        BaseImageRegistry(in f, ref deny);
        SecretEnv(in f, ref deny);
        PrivilegedPort(in f, ref deny);
        HistoryCurlShell(in f, ref deny);
        HistoryRemoteAdd(in f, ref deny);
        RootfsType(in f, ref deny);
        DiffIdCount(in f, ref deny);
        ImageAge(in f, ref deny);
        LatestInProduction(in f, ref deny);
        TagValid(in f, ref deny);
        ProductionTagSemver(in f, ref deny);
        ProductionSigned(in f, ref deny);
        SignatureVerifies(in f, ref deny);
        TrustedSigner(in f, ref deny);
        SignatureDigest(in f, ref deny);
        SignatureFormat(in f, ref deny);
        AnonymousPush(in f, ref deny);
        MayPush(in f, ref deny);
        MayPull(in f, ref deny);
        ProtectedRepository(in f, ref deny);
        RepositoryName(in f, ref deny);
        ReservedAnnotation(in f, ref deny);
        SelfSubject(in f, ref deny);
        CriticalVulnerabilities(in f, ref deny);
        LdPreload(in f, ref deny);
        BareShellEntrypoint(in f, ref deny);
        ForbiddenVolume(in f, ref deny);
        return deny is null ? RegoSet.Empty : new RegoSet(deny);
    }

    private static void Add(ref HashSet<RegoValue>? deny, RegoString message) => (deny ??= []).Add(message);

    // ---- manifest and layers -------------------------------------------------------------------------

    // deny contains "manifest: schemaVersion must be 2" if input.manifest.schemaVersion != 2
    private static void ManifestSchemaVersion(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (Get(f.Manifest, Field.SchemaVersion) is { } v && !v.Equals(SchemaVersion2)) Add(ref deny, Message.SchemaVersion);
    }

    // not input.manifest.mediaType in {oci manifest, docker manifest v2}; the message needs mediaType defined.
    private static void ManifestMediaType(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (Get(f.Manifest, Field.MediaType) is not { } mediaType) return;
        if (mediaType is RegoString { Value: "application/vnd.oci.image.manifest.v1+json" or "application/vnd.docker.distribution.manifest.v2+json" }) return;
        Add(ref deny, Sprintf("manifest: media type %v is not allowed", mediaType));
    }

    private static void LayerCount(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (Count(f.Layers) is > MaxLayers and var n)
        {
            Add(ref deny, Sprintf("image has %d layers; the limit is %d", RegoNumber.Of(n), RegoNumber.Of(MaxLayers)));
        }
    }

    // some i, l in layers; l.size > max_layer_bytes (Rego's cross-type order: a string size is "larger").
    private static void LayerSize(in Facts f, ref HashSet<RegoValue>? deny)
    {
        switch (f.Layers)
        {
            case RegoArray a:
                for (var i = 0; i < a.Count; i++) Check(ref deny, RegoNumber.Of(i), a[i]);
                break;
            case RegoObject o:
                foreach (var (k, l) in o.Items) Check(ref deny, k, l);
                break;
            case RegoSet s:
                foreach (var l in s.Items) Check(ref deny, l, l);
                break;
        }

        static void Check(ref HashSet<RegoValue>? deny, RegoValue i, RegoValue l)
        {
            if (Get(l, Field.Size) is { } size && size.CompareTo(MaxLayerBytes) > 0)
            {
                Add(ref deny, Sprintf("layer %d is %d bytes; the limit is %d", i, size, MaxLayerBytes));
            }
        }
    }

    // image_bytes := sum([l.size | some l in layers])
    private static void ImageSize(in Facts f, ref HashSet<RegoValue>? deny)
    {
        // Summed in a long while sizes are 64-bit integers; RegoNumber arithmetic takes over for fractions or overflow.
        long total = 0;
        RegoNumber? exact = null;
        foreach (var l in Members(f.Layers))
        {
            var size = Get(l, Field.Size);
            if (size is null) continue;
            if (size is not RegoNumber n) return; // sum of a non-number: a type error, image_bytes is undefined
            if (exact is null && n.TryGetInt64(out var v))
            {
                var t = unchecked(total + v);
                if (((total ^ t) & (v ^ t)) >= 0)
                {
                    total = t;
                    continue;
                }
            }
            exact = (exact ?? RegoNumber.Of(total)) + n;
        }
        var tooLarge = exact is null ? total > MaxImageBytes : exact.CompareTo(MaxImageBytesNumber) > 0;
        if (tooLarge) Add(ref deny, Sprintf("image is %d bytes; the limit is %d", exact ?? RegoNumber.Of(total), MaxImageBytesNumber));
    }

    private static void LayerMediaType(in Facts f, ref HashSet<RegoValue>? deny)
    {
        foreach (var l in Members(f.Layers))
        {
            if (Get(l, Field.MediaType) is not { } mediaType || IsAllowedLayerType(mediaType)) continue;
            if (Get(l, Field.Digest) is not { } digest) continue;
            Add(ref deny, Sprintf("layer %s has media type %s, which is not allowed", digest, mediaType));
        }
    }

    private static bool IsAllowedLayerType(RegoValue v) => v is RegoString
    {
        Value: "application/vnd.oci.image.layer.v1.tar+gzip" or "application/vnd.oci.image.layer.v1.tar+zstd"
            or "application/vnd.docker.image.rootfs.diff.tar.gzip",
    };

    // not startswith(l.digest, "sha256:"): a digest that is not a string fails startswith, so `not` holds.
    private static void LayerDigest(in Facts f, ref HashSet<RegoValue>? deny)
    {
        foreach (var l in Members(f.Layers))
        {
            if (Get(l, Field.Digest) is not { } digest) continue;
            if (digest is RegoString s && s.Value.StartsWith("sha256:", StringComparison.Ordinal)) continue;
            Add(ref deny, Sprintf("layer %s is not addressed by sha256", digest));
        }
    }

    // l.urls as a statement: any defined value but false, an empty array included.
    private static void ForeignLayer(in Facts f, ref HashSet<RegoValue>? deny)
    {
        foreach (var l in Members(f.Layers))
        {
            if (Holds(Get(l, Field.Urls)) && Get(l, Field.Digest) is { } digest) Add(ref deny, Sprintf("layer %s is a foreign layer", digest));
        }
    }

    // ---- config --------------------------------------------------------------------------------------

    private static void ArchitectureMissing(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (!Holds(Get(f.Config, Field.Architecture))) Add(ref deny, Message.ArchitectureMissing);
    }

    private static void ArchitectureAllowed(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (Get(f.Config, Field.Architecture) is not { } arch || arch is RegoString { Value: "amd64" or "arm64" }) return;
        Add(ref deny, Sprintf("config: architecture %v is not allowed", arch));
    }

    private static void OperatingSystem(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (Get(f.Config, Field.Os) is { } os && os is not RegoString { Value: "linux" }) Add(ref deny, Sprintf("config: os %v is not allowed", os));
    }

    private static void RunsAsRoot(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.IsProd && f.User is RegoString { Value: "" or "root" or "0" or "0:0" }) Add(ref deny, Message.RunsAsRoot);
    }

    // some label in required_labels; not labels[label] (labels undefined when config is not an object: all fire).
    private static void RequiredLabel(in Facts f, ref HashSet<RegoValue>? deny)
    {
        for (var i = 0; i < RequiredLabels.Length; i++)
        {
            if (!Holds(Get(f.Labels, RequiredLabels[i]))) Add(ref deny, LabelRequiredMessages[i]);
        }
    }

    private static void SourceForge(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (Get(f.Labels, Field.Source) is not { } source || AnyPrefixMatch(source, ApprovedForges) == true) return;
        Add(ref deny, Sprintf("config: source %s is not an approved forge", source));
    }

    private static void RevisionCommit(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (Get(f.Labels, Field.Revision) is not { } revision || IsFullCommitId(revision)) return;
        Add(ref deny, Sprintf("config: revision %s is not a full commit id", revision));
    }

    // full_commit_id(s): count(s) == 40; lower(s) == s; not contains(s, " ") — lower fails on anything but a string.
    private static bool IsFullCommitId(RegoValue v) =>
        v is RegoString { Value: var s } && CodePointCount(s) == 40 && IsLowerCase(s) && !s.Contains(' ');

    // base_image; not base_registry in trusted_registries (base_registry undefined unless base_image is a string).
    private static void BaseImageRegistry(in Facts f, ref HashSet<RegoValue>? deny)
    {
        var baseImage = Get(f.Labels, Field.BaseName);
        if (!Holds(baseImage)) return;
        if (baseImage is RegoString s && BeforeFirst(s.Value, '/') is "acr.example.io" or "mcr.microsoft.com" or "registry.internal") return;
        Add(ref deny, Sprintf("config: base image %s is not from a trusted registry", baseImage!));
    }

    // some e in env_vars; name := split(e, "=")[0]; some pattern in secret_env_patterns; contains(lower(name), pattern)
    private static void SecretEnv(in Facts f, ref HashSet<RegoValue>? deny)
    {
        foreach (var e in Members(f.EnvVars))
        {
            if (e is not RegoString s) continue;
            var name = BeforeFirst(s.Value, '=');
            if (LowerContainsAny(name, SecretEnvPatterns)) Add(ref deny, Sprintf("config: environment variable %s looks like a secret", new RegoString(name.ToString())));
        }
    }

    // some p, _ in ExposedPorts; to_number(split(p, "/")[0]) < 1024
    private static void PrivilegedPort(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.Config is not RegoObject) return; // object.get of a non-object: undefined
        var ports = StringKeyCandidates(Get(f.Inner, Field.ExposedPorts));
        for (var i = 0; i < ports.Count; i++) // indexed: foreach over the interface would allocate an enumerator
        {
            var p = ports[i];
            if (p is RegoString s && NumberBelow(BeforeFirst(s.Value, '/'), 1024) == true) Add(ref deny, Sprintf("config: exposes privileged port %s", p));
        }
    }

    // some h in object.get(config, ["history"], []); contains(lower(object.get(h, "created_by", "")), "curl | sh")
    private static void HistoryCurlShell(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.Config is not RegoObject config) return;
        foreach (var h in Members(config.Get(Field.History)))
        {
            if (CreatedBy(h) is { } createdBy && LowerContainsAny(createdBy, CurlPipe)) Add(ref deny, Message.CurlShell);
        }
    }

    private static void HistoryRemoteAdd(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.Config is not RegoObject config) return;
        foreach (var h in Members(config.Get(Field.History)))
        {
            if (CreatedBy(h) is { } createdBy && createdBy.Contains("ADD http", StringComparison.Ordinal)) Add(ref deny, Message.RemoteAdd);
        }
    }

    // object.get(h, "created_by", "") as a string; null when h is not an object or created_by is not a string.
    private static string? CreatedBy(RegoValue h) => h is RegoObject o
        ? (o.Get(Field.CreatedBy) ?? RegoString.Empty) is RegoString s ? s.Value : null
        : null;

    private static void RootfsType(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (Get(Get(f.Config, Field.Rootfs), Field.Type) is { } type && type is not RegoString { Value: "layers" }) Add(ref deny, Message.RootfsType);
    }

    private static void DiffIdCount(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (Count(Get(Get(f.Config, Field.Rootfs), Field.DiffIds)) is not { } diffIds || Count(f.Layers) is not { } layers || diffIds == layers) return;
        Add(ref deny, Sprintf("config: %d diff_ids for %d layers", RegoNumber.Of(diffIds), RegoNumber.Of(layers)));
    }

    // created := time.parse_rfc3339_ns(config.created); age_days := (input.now_ns - created) / ns_per_day; is_prod; age_days > 365
    private static void ImageAge(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (Get(f.Config, Field.Created) is not RegoString created || !TryParseRfc3339Nanos(created.Value, out var createdNs)) return;
        if (Get(f.Input, Field.NowNs) is not RegoNumber now || !f.IsProd) return;
        // With an int64 now_ns the exact comparison diff > 365 days equals the engine's (decimal) quotient compared to 365.
        var old = now.TryGetInt64(out var nowNs)
            ? (Int128)nowNs - createdNs > (Int128)365 * NanosPerDay
            : RegoNumber.Divide(now - RegoNumber.Of(createdNs), NanosPerDayNumber).CompareTo(Days365) > 0;
        if (!old) return;
        var ageDays = RegoNumber.Divide(now - RegoNumber.Of(createdNs), NanosPerDayNumber);
        Add(ref deny, Sprintf("config: image is %d days old", Round(ageDays)));
    }

    // round(): half away from zero, in decimal as the engine does when the quotient is a decimal. Simplified: a
    // quotient that is neither an integer nor a decimal (only with a fractional, huge now_ns) is rounded as a double.
    private static RegoNumber Round(RegoNumber n)
    {
        if (n.IsInteger) return n;
        var text = n.ToJsonText();
        return decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
            ? RegoNumber.Of(decimal.Round(d, MidpointRounding.AwayFromZero))
            : RegoNumber.Of(Math.Round(n.ToDouble(), MidpointRounding.AwayFromZero));
    }

    // ---- tag -----------------------------------------------------------------------------------------

    private static void LatestInProduction(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.IsProd && f.Tag is RegoString { Value: "latest" }) Add(ref deny, Message.LatestInProduction);
    }

    private static void TagValid(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (Holds(f.Tag) && !IsValidTag(f.Tag!)) Add(ref deny, Sprintf("tag: %s is not a valid tag", f.Tag!));
    }

    // valid_tag(t): count(t) <= 128 and none of startswith/contains — which fail on non-strings, so `not` holds:
    // a collection of at most 128 members is a "valid tag", a number or boolean is not (count fails).
    private static bool IsValidTag(RegoValue t) => t switch
    {
        RegoString { Value: var s } => CodePointCount(s) <= 128 && !s.StartsWith('.') && !s.StartsWith('-') && !s.Contains('/') && !s.Contains(':'),
        _ => Count(t) <= 128,
    };

    // is_prod; is_push; not semver.is_valid(version_text(input.tag)) — semver.is_valid is false for non-strings.
    private static void ProductionTagSemver(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (!f.IsProd || !f.IsPush || f.Tag is not { } tag) return;
        if (tag is RegoString { Value: var s } && IsSemver(s.StartsWith('v') ? s.AsSpan(1) : s)) return; // version_text strips one "v"
        Add(ref deny, Sprintf("tag: production tags are semantic versions, not %s", tag));
    }

    // ---- signatures ----------------------------------------------------------------------------------

    private static void ProductionSigned(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.IsProd && Count(f.Signatures) == 0) Add(ref deny, Message.Unsigned);
    }

    private static void SignatureVerifies(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (Count(f.Signatures) > 0 && !f.AnyVerified) Add(ref deny, Message.NoSignatureVerifies);
    }

    private static void TrustedSigner(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.IsProd && f.AnyVerified && !f.AnyTrusted) Add(ref deny, Message.NoTrustedSigner);
    }

    private static void SignatureDigest(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.Digest is null) return;
        foreach (var s in Members(f.Signatures))
        {
            if (Get(s, Field.Digest) is not { } digest || digest.Equals(f.Digest) || Get(s, Field.Signer) is not { } signer) continue;
            Add(ref deny, Sprintf("signatures: signature from %s is for %s, not this manifest", signer, digest));
        }
    }

    private static void SignatureFormat(in Facts f, ref HashSet<RegoValue>? deny)
    {
        foreach (var s in Members(f.Signatures))
        {
            if (Get(s, Field.Format) is not { } format || format is RegoString { Value: "cosign" or "notation" }) continue;
            Add(ref deny, Sprintf("signatures: unknown format %s", format));
        }
    }

    // ---- principal and repository --------------------------------------------------------------------

    private static void AnonymousPush(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.IsPush && !Holds(f.PrincipalName)) Add(ref deny, Message.AnonymousPush);
    }

    private static void MayPush(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (!f.IsPush || f.RoleAllows(Role.Push) || f.RoleAllows(Role.Owner) || f.PrincipalName is not { } name) return;
        Add(ref deny, Sprintf("principal: %s may not push", name));
    }

    private static void MayPull(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (!f.IsPull || f.RoleAllows(Role.Pull) || f.RoleAllows(Role.Push) || f.RoleAllows(Role.Owner) || f.PrincipalName is not { } name) return;
        Add(ref deny, Sprintf("principal: %s may not pull", name));
    }

    private static void ProtectedRepository(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.Repository is RegoString { Value: "prod/payments" or "prod/identity" or "prod/edge" } && f.IsPush && !f.RoleAllows(Role.Owner))
        {
            Add(ref deny, Sprintf("repository %s is protected", f.Repository));
        }
    }

    private static void RepositoryName(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.Repository is { } repository && !IsValidRepository(repository)) Add(ref deny, Sprintf("repository: %s is not a valid name", repository));
    }

    // valid_repository(r): lower(r) == r (fails for non-strings), no "//", no leading or trailing "/", at most 255.
    private static bool IsValidRepository(RegoValue r) => r is RegoString { Value: var s } && IsLowerCase(s) &&
        !s.Contains("//", StringComparison.Ordinal) && !s.EndsWith('/') && !s.StartsWith('/') && CodePointCount(s) <= 255;

    // ---- manifest annotations, subject, scan ---------------------------------------------------------

    // some k, _ in object.get(input.manifest, "annotations", {}); startswith(k, "io.gateway.internal.")
    private static void ReservedAnnotation(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.Manifest is not RegoObject manifest) return;
        var keys = StringKeyCandidates(manifest.Get(Field.Annotations));
        for (var i = 0; i < keys.Count; i++) // indexed: foreach over the interface would allocate an enumerator
        {
            var k = keys[i];
            if (k is RegoString s && s.Value.StartsWith("io.gateway.internal.", StringComparison.Ordinal)) Add(ref deny, Sprintf("manifest: annotation %s is reserved", k));
        }
    }

    private static void SelfSubject(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.Digest is { } digest && Get(Get(f.Manifest, Field.Subject), Field.Digest) is { } subject && subject.Equals(digest)) Add(ref deny, Message.SelfSubject);
    }

    // vulns := object.get(input, ["scan", "critical"], 0); vulns > 0 (any string or collection is "> 0" in Rego's order)
    private static void CriticalVulnerabilities(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.Input is not RegoObject input || !f.IsProd) return;
        var vulns = Get(input.Get(Field.Scan), Field.Critical) ?? RegoNumber.Zero;
        if (vulns.CompareTo(RegoNumber.Zero) > 0) Add(ref deny, Sprintf("scan: %d critical vulnerabilities", vulns));
    }

    // ---- env, entrypoint, volumes --------------------------------------------------------------------

    private static void LdPreload(in Facts f, ref HashSet<RegoValue>? deny)
    {
        foreach (var e in Members(f.EnvVars))
        {
            if (e is RegoString s && s.Value.StartsWith("LD_PRELOAD=", StringComparison.Ordinal)) Add(ref deny, Message.LdPreload);
        }
    }

    // ep := object.get(config, ["config", "Entrypoint"], []); some part in ep; endswith(part, "/sh"); count(ep) == 1
    private static void BareShellEntrypoint(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.Config is not RegoObject) return;
        var ep = Get(f.Inner, Field.Entrypoint) ?? RegoArray.Empty;
        foreach (var part in Members(ep))
        {
            if (part is RegoString s && s.Value.EndsWith("/sh", StringComparison.Ordinal) && Count(ep) == 1) Add(ref deny, Message.BareShell);
        }
    }

    // every v in volumes { v != null } (false for a non-collection); some path, _ in volumes; path in {"/", "/etc", docker.sock}
    private static void ForbiddenVolume(in Facts f, ref HashSet<RegoValue>? deny)
    {
        if (f.Config is not RegoObject) return;
        var volumes = Get(f.Inner, Field.Volumes) ?? RegoObject.Empty;
        if (volumes is not (RegoArray or RegoObject or RegoSet)) return;
        foreach (var v in Members(volumes))
        {
            if (v is RegoNull) return;
        }
        var paths = StringKeyCandidates(volumes);
        for (var i = 0; i < paths.Count; i++) // indexed: foreach over the interface would allocate an enumerator
        {
            var path = paths[i];
            if (path is RegoString { Value: "/" or "/etc" or "/var/run/docker.sock" }) Add(ref deny, Sprintf("config: volume %s is not allowed", path));
        }
    }

    /// <summary>The complete rules and input fields several deny rules read, computed once per decision.</summary>
    private readonly struct Facts
    {
        public readonly RegoValue Input;
        public readonly RegoValue? Manifest, Config, Layers, Tag, Repository, Digest, Signatures, PrincipalName, Roles;
        public readonly bool IsPush, IsPull, IsProd;

        /// <summary>input.config.config: what object.get(config, ["config", …], default) walks into.</summary>
        public readonly RegoValue? Inner;

        /// <summary>object.get(config, ["config", "Labels" | "Env" | "User"], default): undefined unless config is an object.</summary>
        public readonly RegoValue? Labels, EnvVars, User;

        /// <summary>count(verified_signatures) > 0, count(trusted_signatures) > 0.</summary>
        public readonly bool AnyVerified, AnyTrusted;

        public Facts(RegoValue input)
        {
            Input = input;
            Manifest = Get(input, Field.Manifest);
            Config = Get(input, Field.Config);
            Layers = Get(Manifest, Field.Layers);
            Tag = Get(input, Field.Tag);
            Repository = Get(input, Field.Repository);
            Digest = Get(input, Field.Digest);
            Signatures = Get(input, Field.Signatures);
            var principal = Get(input, Field.Principal);
            PrincipalName = Get(principal, Field.Name);
            Roles = Get(principal, Field.Roles);
            var action = Get(input, Field.Action);
            IsPush = action is RegoString { Value: "push" };
            IsPull = action is RegoString { Value: "pull" };
            IsProd = Repository is RegoString r && r.Value.StartsWith("prod/", StringComparison.Ordinal);

            Inner = Config is RegoObject config ? config.Get(Field.Config) : null;
            if (Config is RegoObject)
            {
                Labels = Get(Inner, Field.Labels) ?? RegoObject.Empty;
                EnvVars = Get(Inner, Field.Env) ?? RegoArray.Empty;
                User = Get(Inner, Field.User) ?? RegoString.Empty;
            }

            foreach (var s in Members(Signatures))
            {
                if (Get(s, Field.Verified) is not RegoBool { Value: true }) continue;
                AnyVerified = true;
                if (Get(s, Field.Signer) is RegoString { Value: "release-signer" or "ci-signer" }) AnyTrusted = true;
            }
        }

        /// <summary>role_allows(role): role in input.principal.roles.</summary>
        public bool RoleAllows(RegoString role) => Roles is not null && IsMember(role, Roles);
    }

    private static class Role
    {
        public static readonly RegoString Push = new("Push");
        public static readonly RegoString Pull = new("Pull");
        public static readonly RegoString Owner = new("Owner");
    }

    /// <summary>Field names, as static values so their hash codes are computed once.</summary>
    private static class Field
    {
        public static readonly RegoString Action = new("action");
        public static readonly RegoString Annotations = new("annotations");
        public static readonly RegoString Architecture = new("architecture");
        public static readonly RegoString BaseName = new("org.opencontainers.image.base.name");
        public static readonly RegoString Config = new("config");
        public static readonly RegoString Created = new("created");
        public static readonly RegoString CreatedBy = new("created_by");
        public static readonly RegoString Critical = new("critical");
        public static readonly RegoString DiffIds = new("diff_ids");
        public static readonly RegoString Digest = new("digest");
        public static readonly RegoString Entrypoint = new("Entrypoint");
        public static readonly RegoString Env = new("Env");
        public static readonly RegoString ExposedPorts = new("ExposedPorts");
        public static readonly RegoString Format = new("format");
        public static readonly RegoString History = new("history");
        public static readonly RegoString Labels = new("Labels");
        public static readonly RegoString Layers = new("layers");
        public static readonly RegoString Maintainer = new("maintainer");
        public static readonly RegoString Manifest = new("manifest");
        public static readonly RegoString MediaType = new("mediaType");
        public static readonly RegoString Name = new("name");
        public static readonly RegoString NowNs = new("now_ns");
        public static readonly RegoString Os = new("os");
        public static readonly RegoString Principal = new("principal");
        public static readonly RegoString Repository = new("repository");
        public static readonly RegoString Revision = new("org.opencontainers.image.revision");
        public static readonly RegoString Roles = new("roles");
        public static readonly RegoString Rootfs = new("rootfs");
        public static readonly RegoString Scan = new("scan");
        public static readonly RegoString SchemaVersion = new("schemaVersion");
        public static readonly RegoString Signatures = new("signatures");
        public static readonly RegoString Signer = new("signer");
        public static readonly RegoString Size = new("size");
        public static readonly RegoString Source = new("org.opencontainers.image.source");
        public static readonly RegoString Subject = new("subject");
        public static readonly RegoString Tag = new("tag");
        public static readonly RegoString Type = new("type");
        public static readonly RegoString Urls = new("urls");
        public static readonly RegoString User = new("User");
        public static readonly RegoString Verified = new("verified");
        public static readonly RegoString Volumes = new("Volumes");
    }

    private static class Message
    {
        public static readonly RegoString SchemaVersion = new("manifest: schemaVersion must be 2");
        public static readonly RegoString ArchitectureMissing = new("config: architecture is missing");
        public static readonly RegoString RunsAsRoot = new("config: image runs as root");
        public static readonly RegoString CurlShell = new("config: history pipes curl into a shell");
        public static readonly RegoString RemoteAdd = new("config: history adds a remote URL");
        public static readonly RegoString RootfsType = new("config: rootfs type must be layers");
        public static readonly RegoString LatestInProduction = new("tag: latest is not allowed in production");
        public static readonly RegoString Unsigned = new("signatures: production images must be signed");
        public static readonly RegoString NoSignatureVerifies = new("signatures: no signature verifies");
        public static readonly RegoString NoTrustedSigner = new("signatures: no trusted signer");
        public static readonly RegoString AnonymousPush = new("principal: anonymous push");
        public static readonly RegoString SelfSubject = new("manifest: subject must not point at itself");
        public static readonly RegoString LdPreload = new("config: LD_PRELOAD is set");
        public static readonly RegoString BareShell = new("config: entrypoint is a bare shell");
    }
}
