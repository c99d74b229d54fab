package iam

import (
	"iamconsole/iam/managed"
	"iamconsole/store"
)

// ARNs of AWS managed policies that accounts and users are created with.
const (
	AdministratorAccessARN   = managed.ARNPrefix + "/AdministratorAccess"
	ReadOnlyAccessARN        = managed.ARNPrefix + "/ReadOnlyAccess"
	IAMUserChangePasswordARN = managed.ARNPrefix + "/IAMUserChangePassword"
)

// ManagedDocument returns the default version of a managed policy: the AWS
// catalog's or a customer managed one's.
func ManagedDocument(q *store.Q, policyARN string) (string, bool, error) {
	if mp, ok := managed.ByARN(policyARN); ok {
		return string(mp.Document), true, nil
	}
	docs, err := q.DefaultDocuments([]string{policyARN})
	if err != nil {
		return "", false, err
	}
	d, ok := docs[policyARN]
	return d, ok, nil
}
