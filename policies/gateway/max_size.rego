# A ceiling on image size (config plus layers, compressed bytes as pushed).
package gateway.policies.max_size

import data.gateway.config.max_size as policy
import data.gateway.lib

deny contains msg if {
	lib.writes
	lib.applies(policy)
	lib.is_runnable
	input.image.size > policy.max_bytes
	msg := sprintf("%s: image is %d bytes; the limit is %d", [lib.reference, input.image.size, policy.max_bytes])
}
