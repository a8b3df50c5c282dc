# Pulls from the configured repositories need an SBOM attached through the referrers API.
package gateway.policies.sbom

import data.gateway.config.sbom as policy
import data.gateway.lib

has_sbom if {
	some t in input.referrers.artifact_types
	t in policy.artifact_types
}

deny contains msg if {
	input.action == "pull"
	lib.applies(policy)
	lib.is_runnable
	not input.image.is_index
	not has_sbom
	msg := sprintf("%s: no SBOM is attached (expected a referrer of type %v)", [lib.reference, policy.artifact_types])
}
