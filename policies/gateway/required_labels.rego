# Images must say where they came from: required OCI labels on push.
package gateway.policies.required_labels

import data.gateway.config.required_labels as policy
import data.gateway.lib

deny contains msg if {
	lib.writes
	lib.applies(policy)
	lib.is_image
	input.image.config != null
	some label in policy.labels
	not lib.labels[label]
	msg := sprintf("%s: required label %q is missing from the image config", [lib.reference, label])
}
