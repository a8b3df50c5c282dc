# Helpers shared by the bundled policies.
package gateway.lib

# A policy applies when it is enabled and the repository matches one of its patterns
# (glob with "/" as separator: "prod/**" matches prod/app and prod/team/app).
applies(policy) if {
	policy.enabled == true
	some pattern in policy.repositories
	glob.match(pattern, ["/"], input.repository)
}

reference := sprintf("%s:%s", [input.repository, input.tag]) if input.tag != null

reference := sprintf("%s@%s", [input.repository, input.digest]) if input.tag == null

writes if input.action in {"push", "tag"}

labels := object.get(input, ["image", "config", "labels"], {})

# Image-content rules (user, labels, base image, age, size) concern runnable images only; signature and other
# artifacts attached to an image (cosign .sig manifests, SBOMs) have no such config.
is_image if input.image.kind == "image"

# What a client runs: an image, or an index of images (signature, SBOM and other artifacts are not).
is_runnable if input.image.kind in {"image", "index"}
