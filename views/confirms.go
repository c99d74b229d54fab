package views

// The confirmations of the console's destructive actions, in AWS's words:
// typing the name for users, groups, roles, policies and access keys, a
// second click for the rest. The page that offers the action and the
// handler that asks again when a post lacks it build the same one.

// DeleteUserConfirm confirms deleting a user, by default with everything
// it holds, as the IAM console does.
func DeleteUserConfirm(name string) ConfirmVM {
	base := EntityBase("user", name)
	return ConfirmVM{ID: "delete-user", Action: base + "/delete", Title: "Delete " + name + "?",
		Message: "The user is deleted permanently, and with it its console access and credentials. Applications and people using its access keys lose access.",
		Want:    name, Noun: "user name", Button: "Delete", TestID: "delete-user", Cancel: base,
		Options: []ConfirmOption{{Name: "delete_everything", Checked: true, Label: "Delete its credentials, group memberships and policies first",
			Hint: "As the IAM console does: the console password, access keys, MFA devices, group memberships and policies go first, each as its own IAM call."}}}
}

// DeleteGroupConfirm confirms deleting a user group.
func DeleteGroupConfirm(name string) ConfirmVM {
	base := EntityBase("group", name)
	return ConfirmVM{ID: "delete-group", Action: base + "/delete", Title: "Delete " + name + "?",
		Message: "The user group is deleted permanently. Its users lose the permissions they have through it.",
		Want:    name, Noun: "user group name", Button: "Delete", TestID: "delete-group", Cancel: base}
}

// DeleteRoleConfirm confirms deleting a role.
func DeleteRoleConfirm(name string) ConfirmVM {
	base := EntityBase("role", name)
	return ConfirmVM{ID: "delete-role", Action: base + "/delete", Title: "Delete " + name + "?",
		Message: "The role is deleted permanently. Applications, services and people using it lose access, and its sessions stop working.",
		Want:    name, Noun: "role name", Button: "Delete", TestID: "delete-role", Cancel: base}
}

// DeletePolicyConfirm confirms deleting a customer managed policy.
func DeletePolicyConfirm(name, policyARN string) ConfirmVM {
	base := policyURL(policyARN)
	return ConfirmVM{ID: "delete-policy", Action: base + "/delete", Title: "Delete " + name + "?",
		Message: "The policy and all its versions are deleted permanently.",
		Want:    name, Noun: "policy name", Button: "Delete", TestID: "delete-policy", Cancel: base}
}

// DeletePolicyVersionConfirm confirms deleting a version of a policy.
func DeletePolicyVersionConfirm(policyARN, version string) ConfirmVM {
	base := policyURL(policyARN)
	return ConfirmVM{ID: "delete-version-" + version, Action: base + "/versions/delete", Hidden: [][2]string{{"version_id", version}},
		Title: "Delete policy version " + version + "?", Message: "The version is deleted permanently.",
		Button: "Delete", TestID: "delete-version", Cancel: base + "#versions"}
}

// DeleteInlinePolicyConfirm confirms deleting an inline policy of a user,
// group or role.
func DeleteInlinePolicyConfirm(entityType, entityName, policyName string) ConfirmVM {
	base := EntityBase(entityType, entityName)
	return ConfirmVM{ID: "delete-inline-" + policyName, Action: base + "/inline/" + pathEscape(policyName) + "/delete",
		Title: "Delete " + policyName + "?", Message: "The inline policy is deleted permanently; the " + entityType + " loses the permissions it grants.",
		Button: "Delete", TestID: "delete-inline", Cancel: base + "?tab=permissions"}
}

// DeleteAccessKeyConfirm confirms deleting an access key of a user, whose
// credentials page is base.
func DeleteAccessKeyConfirm(base, keyID string) ConfirmVM {
	return ConfirmVM{ID: "delete-key-" + keyID, Action: base + "/access_keys/" + keyID + "/delete",
		Title:   "Delete " + keyID + "?",
		Message: "The access key is deleted permanently; requests signed with it are refused. Deactivate it first to see whether anything still uses it.",
		Want:    keyID, Noun: "access key ID", Button: "Delete", TestID: "delete-key", Cancel: credentialsPage(base)}
}

// RemoveMFAConfirm confirms removing an MFA device from a user.
func RemoveMFAConfirm(base, serial string) ConfirmVM {
	return ConfirmVM{ID: "remove-mfa-" + mfaName(serial), Action: base + "/mfa/deactivate", Hidden: [][2]string{{"serial", serial}},
		Title: "Remove " + mfaName(serial) + "?", Message: "The device no longer signs in this user, and the virtual device is deleted.",
		Button: "Remove", TestID: "remove-mfa", Cancel: credentialsPage(base)}
}

// RemovePendingMFAConfirm confirms deleting a virtual MFA device whose
// set-up was not finished.
func RemovePendingMFAConfirm(base, serial string) ConfirmVM {
	return ConfirmVM{ID: "remove-pending-" + mfaName(serial), Action: base + "/mfa/pending/delete", Hidden: [][2]string{{"serial", serial}},
		Title: "Remove " + mfaName(serial) + "?", Message: "The device was never assigned; removing it frees its name for a new set-up.",
		Button: "Remove", TestID: "remove-pending", Cancel: credentialsPage(base)}
}

// DisableConsoleConfirm confirms removing a user's console password.
func DisableConsoleConfirm(name string) ConfirmVM {
	base := EntityBase("user", name)
	return ConfirmVM{ID: "disable-console", Action: base + "/login_profile/delete", Title: "Disable console access for " + name + "?",
		Message: "The user's password is deleted: the user can no longer sign in to the console. Access keys keep working.",
		Button:  "Disable console access", TestID: "disable-console", Cancel: base + "?tab=security_credentials"}
}

// DeleteAliasConfirm confirms deleting the account alias.
func DeleteAliasConfirm(alias string) ConfirmVM {
	return ConfirmVM{ID: "delete-alias", Action: "/iam/account/alias/delete", Hidden: [][2]string{{"alias", alias}},
		Title: "Delete alias " + alias + "?", Message: "The sign-in URL that names the alias stops working; the one with the account ID remains.",
		Button: "Delete alias", TestID: "delete-alias", Cancel: "/iam/account"}
}

// credentialsPage is the security credentials page of a user whose base is
// base (/iam/users/NAME), or the caller's own (/iam/security_credentials).
func credentialsPage(base string) string {
	if base == SelfCredentialsBase {
		return base
	}
	return base + "?tab=security_credentials"
}

// SelfCredentialsBase is the base URL of the caller's own credentials.
const SelfCredentialsBase = "/iam/security_credentials"

// mfaName is the device name of an MFA serial number (its ARN's last part).
func mfaName(serial string) string {
	for i := len(serial) - 1; i >= 0; i-- {
		if serial[i] == '/' {
			return serial[i+1:]
		}
	}
	return serial
}
