# Pulls from the configured repositories need a signature that verified under the trust policy.
# This tightens the trust policy in Rego: teams can scope it further than the trust policy does.
package gateway.policies.require_signature

import data.gateway.config.require_signature as policy
import data.gateway.lib

deny contains msg if {
	input.action == "pull"
	lib.applies(policy)
	lib.is_runnable
	not input.signatures.verified
	msg := sprintf("%s: pulls from %v require a verified signature; %d signature(s) attached, none verified", [lib.reference, policy.repositories, count(input.signatures.entries)])
}
