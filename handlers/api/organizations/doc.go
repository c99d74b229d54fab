// Package organizations answers AWS Organizations (JSON 1.1, signing name
// organizations) over the service layer: its operation table and wire
// shapes. Golden files of its answers are in testdata.
//
// It imports the api front door, its awsjson codec, iam and
// iam/organizations.
package organizations
