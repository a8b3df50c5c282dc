# Production repositories use immutable, meaningful tags: no "latest".
package gateway.policies.no_latest

import data.gateway.config.no_latest as policy
import data.gateway.lib

deny contains msg if {
	lib.writes
	lib.applies(policy)
	input.tag == "latest"
	msg := sprintf("%s: the tag 'latest' is not allowed in %v; push a version tag", [input.repository, policy.repositories])
}
