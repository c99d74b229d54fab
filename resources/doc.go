// Package resources holds nothing itself: its subpackages are the
// simulated AWS resource services (s3, and later dynamodb and ec2), each
// a domain layer that the console and its API service both call, and
// that authorizes every operation through the iam kernel.
package resources
