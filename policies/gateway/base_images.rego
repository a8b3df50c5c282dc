# Only approved base images: the org.opencontainers.image.base.name label must start with an allowed prefix.
package gateway.policies.base_images

import data.gateway.config.base_images as policy
import data.gateway.lib

base := lib.labels["org.opencontainers.image.base.name"]

approved if {
	some prefix in policy.allowed
	startswith(base, prefix)
}

deny contains msg if {
	lib.writes
	lib.applies(policy)
	lib.is_image
	input.image.config != null
	not base
	msg := sprintf("%s: the label org.opencontainers.image.base.name is missing, so the base image cannot be checked", [lib.reference])
}

deny contains msg if {
	lib.writes
	lib.applies(policy)
	lib.is_image
	base
	not approved
	msg := sprintf("%s: base image %q is not on the allow-list %v", [lib.reference, base, policy.allowed])
}
