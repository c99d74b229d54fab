// Package cloudtrail answers AWS CloudTrail's LookupEvents (JSON 1.1,
// signing name cloudtrail, X-Amz-Target
// com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents) over
// the kernel's event history, so that `aws cloudtrail lookup-events` reads
// what the console's event history shows.
//
// It imports the api front door, its awsjson codec and iam (the kernel's
// LookupEvents); never store.
package cloudtrail
