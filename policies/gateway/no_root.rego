# Containers must not run as root: config.User must name a non-root user.
package gateway.policies.no_root

import data.gateway.config.no_root as policy
import data.gateway.lib

root_users := {"", "root", "0"}

runs_as_root if {
	user := object.get(input.image.config, "user", "")
	name := split(user, ":")[0]
	name in root_users
}

deny contains msg if {
	lib.writes
	lib.applies(policy)
	lib.is_image
	input.image.config != null
	runs_as_root
	msg := sprintf("%s: the image runs as root (config User is %q); set a non-root USER", [lib.reference, object.get(input.image.config, "user", "")])
}
