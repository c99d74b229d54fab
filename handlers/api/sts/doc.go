// Package sts answers AWS STS (Query protocol, signing name sts) over the
// service layer: its action table and wire shapes. Golden files of its
// answers are in testdata.
//
// It imports the api front door, its query codec, iam, iam/catalog (action
// names), iam/sts and resources/authzmsg (DecodeAuthorizationMessage).
package sts
