// Package ec2 answers Amazon EC2's API (EC2's Query protocol, Version
// 2016-11-15, signing name ec2) over resources/ec2: its action table, the
// XML shapes of its answers (reservationSet, instancesSet, tagSet … as
// <item> lists) and golden files.
//
// It imports its codec (the api front door's ec2query), iam and
// resources/ec2; never store.
package ec2
