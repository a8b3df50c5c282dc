package gateway.policies_test

import data.gateway.admission
import data.gateway.fixtures

# The whole decision: a well-formed signed image passes every default policy.
test_good_pull_is_allowed if count(admission.deny) == 0 with input as fixtures.good_pull

test_good_push_is_allowed if count(admission.deny) == 0 with input as fixtures.good_push

test_dev_repositories_are_not_constrained_by_prod_rules if {
	unsigned := json.patch(fixtures.input_for("pull", "dev/app", "latest"), [{"op": "replace", "path": "/signatures/verified", "value": false}])
	count(admission.deny) == 0 with input as unsigned
}

# require_signature
test_unsigned_prod_pull_is_denied if {
	unsigned := json.patch(fixtures.good_pull, [{"op": "replace", "path": "/signatures/verified", "value": false}])
	some msg in admission.deny with input as unsigned
	contains(msg, "require a verified signature")
}

test_signature_rule_can_be_switched_off if {
	unsigned := json.patch(fixtures.good_pull, [{"op": "replace", "path": "/signatures/verified", "value": false}])
	count(admission.deny) == 0 with input as unsigned with data.gateway.config.require_signature.enabled as false
}

# no_latest
test_latest_tag_in_prod_is_denied if {
	some msg in admission.deny with input as fixtures.input_for("push", "prod/app", "latest")
	contains(msg, "'latest' is not allowed")
}

test_latest_tag_outside_prod_is_allowed if count(admission.deny) == 0 with input as fixtures.input_for("push", "team/app", "latest")

# required_labels (off by default)
test_missing_labels_are_denied_when_enabled if {
	bare := json.patch(fixtures.good_push, [{"op": "replace", "path": "/image/config/labels", "value": {}}])
	denials := admission.deny with input as bare with data.gateway.config.required_labels.enabled as true
	count(denials) == 2
}

test_present_labels_pass_when_enabled if count(admission.deny) == 0 with input as fixtures.good_push with data.gateway.config.required_labels.enabled as true

# max_size
test_oversized_image_is_denied if {
	big := json.patch(fixtures.good_push, [{"op": "replace", "path": "/image/size", "value": 20000000000}])
	some msg in admission.deny with input as big
	contains(msg, "the limit is")
}

# base_images (off by default)
test_unapproved_base_is_denied_when_enabled if {
	other := json.patch(fixtures.good_push, [{"op": "replace", "path": "/image/config/labels/org.opencontainers.image.base.name", "value": "docker.io/evil/base:1"}])
	some msg in admission.deny with input as other with data.gateway.config.base_images.enabled as true
	contains(msg, "not on the allow-list")
}

test_missing_base_label_is_denied_when_enabled if {
	other := json.patch(fixtures.good_push, [{"op": "remove", "path": "/image/config/labels/org.opencontainers.image.base.name"}])
	some msg in admission.deny with input as other with data.gateway.config.base_images.enabled as true
	contains(msg, "is missing")
}

test_approved_base_passes_when_enabled if count(admission.deny) == 0 with input as fixtures.good_push with data.gateway.config.base_images.enabled as true

# max_age (off by default)
test_old_image_pull_is_denied_when_enabled if {
	some msg in admission.deny with input as fixtures.good_pull with data.gateway.config.max_age as {"enabled": true, "repositories": ["**"], "max_days": 10}
	contains(msg, "days ago")
}

test_recent_image_pull_passes_when_enabled if count(admission.deny) == 0 with input as fixtures.good_pull with data.gateway.config.max_age as {"enabled": true, "repositories": ["**"], "max_days": 90}

# no_root
test_root_user_is_denied_in_prod if {
	root := json.patch(fixtures.good_push, [{"op": "replace", "path": "/image/config/user", "value": "0:0"}])
	some msg in admission.deny with input as root
	contains(msg, "runs as root")
}

test_empty_user_means_root if {
	root := json.patch(fixtures.good_push, [{"op": "replace", "path": "/image/config/user", "value": ""}])
	count(admission.deny) == 1 with input as root
}

# sbom
test_prod_pull_without_sbom_is_denied if {
	none := json.patch(fixtures.good_pull, [{"op": "replace", "path": "/referrers/artifact_types", "value": []}])
	some msg in admission.deny with input as none
	contains(msg, "no SBOM")
}

test_index_pull_does_not_need_its_own_sbom if {
	index := json.patch(fixtures.good_pull, [
		{"op": "replace", "path": "/referrers/artifact_types", "value": []},
		{"op": "replace", "path": "/image/is_index", "value": true},
	])
	count(admission.deny) == 0 with input as index
}
