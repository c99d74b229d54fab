// Package policy implements the IAM policy language: strict parsing with
// positions, validation per policy kind with AWS's messages, compilation, and
// evaluation following AWS's policy evaluation logic.
//
// It imports the standard library only (and iam/arn).
//
// # Messages by kind of document
//
// IAM, STS and S3 word the same defect differently. Errors lists every
// problem in the order IAM's validator meets them (syntax, prohibited
// elements, Version, legacy parsing, statement IDs, missing actions, missing
// resources, resource formats, action formats, principals), so its first
// entry is the one the API answers with. "IAM kinds" below are identity,
// managed, session and boundary policies; "trust" is a role trust policy;
// "resource" a resource-based policy such as a bucket policy, which S3
// validates.
//
//   - Not JSON: IAM kinds "Syntax errors in policy."; trust "This policy
//     contains invalid Json"; resource "Policies must be valid JSON and the
//     first byte must be '{'" when the document does not start with "{",
//     else "This policy contains invalid Json".
//   - Any other structural defect (unknown or duplicate element, wrong type,
//     unknown Version, missing or empty Statement, missing Effect or one that
//     is not Allow or Deny in any case, unknown condition operator, Null with
//     IfExists): "Syntax errors in policy." in IAM kinds and trust. Resource:
//     "Missing required field Statement", "Could not parse the policy:
//     Statement is empty!", "Missing required field Effect", "Invalid effect:
//     E", "Invalid Condition type : OP".
//   - Effect spelt in another case ("allow"), a Date condition value that is
//     no date, a Resource with an empty segment before the sixth: "The policy
//     failed legacy parsing" (IAM kinds and trust).
//   - Principal or NotPrincipal in IAM kinds: "Policy document should not
//     specify a principal." In trust: NotPrincipal, Resource and NotResource
//     are "Has prohibited field X" (no period); a statement without
//     principals "Invalid principal in policy:
//     com.amazon.balsa.error.InvalidPolicyException: The passed in policy has
//     a statement with no principals!"; "Principal": "*"
//     `AssumeRolepolicy contained an invalid principal: "STAR":"*".`; a bad
//     principal `Invalid principal in policy: "AWS":"X"` (or "SERVICE").
//     Resource: "Missing required field Principal".
//   - Resource ARNs in IAM kinds: `Resource X must be in ARN format or "*".`,
//     `Partition "P" is not valid for resource "arn:P:…".`, "Resource vendor
//     must be fully qualified and cannot contain regexes.", "IAM resource X
//     cannot contain region information.", "Resource X can not contain region
//     information." (S3), `IAM resource path must either be "*" or start with
//     user/, …`. Resource policies get only the first.
//   - Actions: "Actions/Conditions must be prefaced by a vendor, e.g., iam,
//     sdb, ec2, etc.", "Actions/Condition can contain only one colon.",
//     "Vendor V is not valid"; in trust, "AssumeRole policy may only specify
//     STS AssumeRole actions." Condition keys are not checked.
//   - Size: "Cannot exceed quota for PolicySize: 6144" (managed), "Cannot
//     exceed quota for ACLSizePerRole: 2048" (trust), STS's length message
//     for session policies.
package policy
