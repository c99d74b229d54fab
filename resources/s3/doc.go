// Package s3 is simulated Amazon S3: buckets, objects, multipart uploads,
// bucket policies, Block Public Access, tags and user metadata, with S3's
// rules, limits and error codes. The console (handlers/console) and the
// S3 API (handlers/api/s3) are thin adapters over its Service.
//
// Every operation authorizes the effective principal through the iam
// kernel with one iam.Check: the S3 action and resource ARN, the bucket
// policy as the resource-based policy, the bucket owner as the resource
// account, and the condition keys S3 fills (s3:prefix, s3:delimiter,
// s3:max-keys, s3:ExistingObjectTag/…, s3:RequestObjectTag/…,
// s3:RequestObjectTagKeys, s3:ResourceAccount, s3:x-amz-acl,
// s3:authType, s3:signatureversion, aws:SecureTransport,
// aws:ResourceTag/… from the bucket's tags). The engine applies AWS's
// logic: within one account either side may allow, across accounts both
// must, and an explicit deny anywhere wins. Block Public Access refuses
// public bucket policies and, with RestrictPublicBuckets, keeps a public
// policy from granting anything outside the owner's account.
//
// Every call is recorded as CloudTrail records S3: eventSource
// s3.amazonaws.com, object-level calls as data events, bucket-level ones
// as management events, with AWS::S3::Object and AWS::S3::Bucket
// resources; a call across accounts is recorded in both. A write commits
// its rows and its event in one transaction of the store's group commit.
//
// Object bodies stream into chunked rows (store.S3ChunkSize at a time,
// never a whole body in memory); the object row commits only once the
// whole body was read and verified, so a failed or interrupted upload
// leaves nothing half-written. Overwritten and deleted bodies are released
// and deleted by a garbage collector after a grace period that lets reads
// in flight finish. Copies and completed multipart uploads share their
// parts' chunks rather than copying them.
//
// It imports iam (the kernel), iam/policy, iam/arn, iam/catalog,
// iam/cache, iam/sigv4 (for its payload errors) and store; never echo,
// handlers or views.
package s3
