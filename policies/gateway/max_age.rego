# Stale images are not pulled: the config's created time must be within max_days of the request.
package gateway.policies.max_age

import data.gateway.config.max_age as policy
import data.gateway.lib

ns_per_day := ((24 * 60) * 60) * 1000000000

deny contains msg if {
	input.action == "pull"
	lib.applies(policy)
	lib.is_image
	created := time.parse_rfc3339_ns(input.image.config.created)
	age_days := (input.request.time_ns - created) / ns_per_day
	age_days > policy.max_days
	msg := sprintf("%s: image was built %s, %d days ago; images older than %d days may not be pulled", [lib.reference, input.image.config.created, floor(age_days), policy.max_days])
}
