# The admission decision the gateway asks for: every message of every enabled policy.
# Each policy lives in its own package under gateway.policies, so `gateway policy explain`
# can say which one fired.
package gateway.admission

deny contains msg if {
	some name
	some msg in data.gateway.policies[name].deny
}
