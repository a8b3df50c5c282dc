# A realistic image-admission policy for the benchmark: what a platform team would run on push and pull.
# 50+ rules over input.{action, principal, repository, tag, manifest, config, signatures}.
package gateway.admission

import rego.v1

default allow := false

allow if count(deny) == 0

# ---- data the policy reads (inlined so the benchmark is self-contained) ----------------------------
trusted_registries := {"acr.example.io", "mcr.microsoft.com", "registry.internal"}

allowed_architectures := {"amd64", "arm64"}

allowed_layer_types := {
	"application/vnd.oci.image.layer.v1.tar+gzip",
	"application/vnd.oci.image.layer.v1.tar+zstd",
	"application/vnd.docker.image.rootfs.diff.tar.gzip",
}

required_labels := ["org.opencontainers.image.source", "org.opencontainers.image.revision", "maintainer"]

secret_env_patterns := ["password", "secret", "api_key", "apikey", "token", "private_key"]

trusted_signers := {"release-signer", "ci-signer"}

protected_repositories := {"prod/payments", "prod/identity", "prod/edge"}

max_layers := 64

max_layer_bytes := 2147483648

max_image_bytes := 8589934592

# ---- helpers ---------------------------------------------------------------------------------------
is_push if input.action == "push"

is_pull if input.action == "pull"

is_prod if startswith(input.repository, "prod/")

config := input.config

labels := object.get(config, ["config", "Labels"], {})

env_vars := object.get(config, ["config", "Env"], [])

user := object.get(config, ["config", "User"], "")

layers := input.manifest.layers

image_bytes := sum([l.size | some l in layers])

verified_signatures contains s if {
	some s in input.signatures
	s.verified == true
}

trusted_signatures contains s if {
	some s in verified_signatures
	s.signer in trusted_signers
}

base_image := labels["org.opencontainers.image.base.name"]

base_registry := split(base_image, "/")[0]

env_name(e) := split(e, "=")[0]

privileged_port(p) if to_number(split(p, "/")[0]) < 1024

role_allows(role) if role in input.principal.roles

full_commit_id(s) if {
	count(s) == 40
	lower(s) == s
	not contains(s, " ")
}

valid_tag(t) if {
	count(t) <= 128
	not startswith(t, ".")
	not startswith(t, "-")
	not contains(t, "/")
	not contains(t, ":")
}

version_text(t) := substring(t, 1, -1) if startswith(t, "v")

else := t

valid_repository(r) if {
	lower(r) == r
	not contains(r, "//")
	not endswith(r, "/")
	not startswith(r, "/")
	count(r) <= 255
}

# ---- deny rules ------------------------------------------------------------------------------------
deny contains "manifest: schemaVersion must be 2" if input.manifest.schemaVersion != 2

deny contains msg if {
	not input.manifest.mediaType in {"application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"}
	msg := sprintf("manifest: media type %v is not allowed", [input.manifest.mediaType])
}

deny contains msg if {
	count(layers) > max_layers
	msg := sprintf("image has %d layers; the limit is %d", [count(layers), max_layers])
}

deny contains msg if {
	some i, l in layers
	l.size > max_layer_bytes
	msg := sprintf("layer %d is %d bytes; the limit is %d", [i, l.size, max_layer_bytes])
}

deny contains msg if {
	image_bytes > max_image_bytes
	msg := sprintf("image is %d bytes; the limit is %d", [image_bytes, max_image_bytes])
}

deny contains msg if {
	some l in layers
	not l.mediaType in allowed_layer_types
	msg := sprintf("layer %s has media type %s, which is not allowed", [l.digest, l.mediaType])
}

deny contains msg if {
	some l in layers
	not startswith(l.digest, "sha256:")
	msg := sprintf("layer %s is not addressed by sha256", [l.digest])
}

deny contains msg if {
	some l in layers
	l.urls
	msg := sprintf("layer %s is a foreign layer", [l.digest])
}

deny contains "config: architecture is missing" if not config.architecture

deny contains msg if {
	not config.architecture in allowed_architectures
	msg := sprintf("config: architecture %v is not allowed", [config.architecture])
}

deny contains msg if {
	config.os != "linux"
	msg := sprintf("config: os %v is not allowed", [config.os])
}

deny contains "config: image runs as root" if {
	is_prod
	user in {"", "root", "0", "0:0"}
}

deny contains msg if {
	some label in required_labels
	not labels[label]
	msg := sprintf("config: label %s is required", [label])
}

deny contains msg if {
	source := labels["org.opencontainers.image.source"]
	not strings.any_prefix_match(source, ["https://github.com/", "https://dev.azure.com/"])
	msg := sprintf("config: source %s is not an approved forge", [source])
}

deny contains msg if {
	revision := labels["org.opencontainers.image.revision"]
	not full_commit_id(revision)
	msg := sprintf("config: revision %s is not a full commit id", [revision])
}

deny contains msg if {
	base_image
	not base_registry in trusted_registries
	msg := sprintf("config: base image %s is not from a trusted registry", [base_image])
}

deny contains msg if {
	some e in env_vars
	name := env_name(e)
	some pattern in secret_env_patterns
	contains(lower(name), pattern)
	msg := sprintf("config: environment variable %s looks like a secret", [name])
}

deny contains msg if {
	some p, _ in object.get(config, ["config", "ExposedPorts"], {})
	privileged_port(p)
	msg := sprintf("config: exposes privileged port %s", [p])
}

deny contains msg if {
	some h in object.get(config, ["history"], [])
	contains(lower(object.get(h, "created_by", "")), "curl | sh")
	msg := "config: history pipes curl into a shell"
}

deny contains msg if {
	some h in object.get(config, ["history"], [])
	contains(object.get(h, "created_by", ""), "ADD http")
	msg := "config: history adds a remote URL"
}

deny contains "config: rootfs type must be layers" if config.rootfs.type != "layers"

deny contains msg if {
	count(config.rootfs.diff_ids) != count(layers)
	msg := sprintf("config: %d diff_ids for %d layers", [count(config.rootfs.diff_ids), count(layers)])
}

deny contains msg if {
	created := time.parse_rfc3339_ns(config.created)
	age_days := (input.now_ns - created) / (((1000 * 1000) * 1000) * 86400)
	is_prod
	age_days > 365
	msg := sprintf("config: image is %d days old", [round(age_days)])
}

deny contains "tag: latest is not allowed in production" if {
	is_prod
	input.tag == "latest"
}

deny contains msg if {
	input.tag
	not valid_tag(input.tag)
	msg := sprintf("tag: %s is not a valid tag", [input.tag])
}

deny contains msg if {
	is_prod
	is_push
	not semver.is_valid(version_text(input.tag))
	msg := sprintf("tag: production tags are semantic versions, not %s", [input.tag])
}

deny contains "signatures: production images must be signed" if {
	is_prod
	count(input.signatures) == 0
}

deny contains "signatures: no signature verifies" if {
	count(input.signatures) > 0
	count(verified_signatures) == 0
}

deny contains "signatures: no trusted signer" if {
	is_prod
	count(verified_signatures) > 0
	count(trusted_signatures) == 0
}

deny contains msg if {
	some s in input.signatures
	s.digest != input.digest
	msg := sprintf("signatures: signature from %s is for %s, not this manifest", [s.signer, s.digest])
}

deny contains msg if {
	some s in input.signatures
	not s.format in {"cosign", "notation"}
	msg := sprintf("signatures: unknown format %s", [s.format])
}

deny contains "principal: anonymous push" if {
	is_push
	not input.principal.name
}

deny contains msg if {
	is_push
	not role_allows("Push")
	not role_allows("Owner")
	msg := sprintf("principal: %s may not push", [input.principal.name])
}

deny contains msg if {
	is_pull
	not role_allows("Pull")
	not role_allows("Push")
	not role_allows("Owner")
	msg := sprintf("principal: %s may not pull", [input.principal.name])
}

deny contains msg if {
	input.repository in protected_repositories
	is_push
	not role_allows("Owner")
	msg := sprintf("repository %s is protected", [input.repository])
}

deny contains msg if {
	not valid_repository(input.repository)
	msg := sprintf("repository: %s is not a valid name", [input.repository])
}

deny contains msg if {
	some k, _ in object.get(input.manifest, "annotations", {})
	startswith(k, "io.gateway.internal.")
	msg := sprintf("manifest: annotation %s is reserved", [k])
}

deny contains "manifest: subject must not point at itself" if input.manifest.subject.digest == input.digest

deny contains msg if {
	vulns := object.get(input, ["scan", "critical"], 0)
	vulns > 0
	is_prod
	msg := sprintf("scan: %d critical vulnerabilities", [vulns])
}

deny contains msg if {
	some e in env_vars
	startswith(e, "LD_PRELOAD=")
	msg := "config: LD_PRELOAD is set"
}

deny contains msg if {
	ep := object.get(config, ["config", "Entrypoint"], [])
	some part in ep
	endswith(part, "/sh")
	count(ep) == 1
	msg := "config: entrypoint is a bare shell"
}

deny contains msg if {
	every v in object.get(config, ["config", "Volumes"], {}) {
		v != null
	}
	some path, _ in object.get(config, ["config", "Volumes"], {})
	path in {"/", "/etc", "/var/run/docker.sock"}
	msg := sprintf("config: volume %s is not allowed", [path])
}
