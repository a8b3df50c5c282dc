# Inputs shared by the policy tests: a signed prod image with an SBOM, and variations.
package gateway.fixtures

image_config := {
	"created": "2026-11-01T00:00:00Z",
	"os": "linux",
	"architecture": "amd64",
	"user": "app",
	"env": ["PATH=/bin"],
	"labels": {
		"org.opencontainers.image.source": "https://example.com/app",
		"org.opencontainers.image.revision": "abc123",
		"org.opencontainers.image.base.name": "docker.io/library/alpine:3.20",
	},
	"history_length": 3,
}

input_for(action, repository, tag) := {
	"action": action,
	"repository": repository,
	"tag": tag,
	"digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111",
	"media_type": "application/vnd.oci.image.manifest.v1+json",
	"principal": {"id": "u1", "name": "alice", "type": "user", "tenant": null, "roles": ["Push"], "groups": []},
	"manifest": {},
	"image": {"kind": "image", "is_index": false, "layer_count": 1, "layer_sizes": [1000], "size": 1500, "artifact_type": "application/vnd.oci.image.config.v1+json", "annotations": {}, "config": image_config},
	"signatures": {"verified": true, "policy": "prod", "entries": [{"format": "cosign", "verified": true}]},
	"referrers": {"count": 1, "artifact_types": {"application/spdx+json"}, "items": []},
	"request": {"time": "2026-11-28T00:00:00Z", "time_ns": 1795824000000000000, "client_address": "127.0.0.1", "user_agent": "skopeo"},
}

good_pull := input_for("pull", "prod/app", "1.0")

good_push := input_for("push", "prod/app", "1.0")
