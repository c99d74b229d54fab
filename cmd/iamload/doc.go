// Command iamload drives a local iamconsole with N concurrent clients for a
// fixed duration and prints the request rate and latency percentiles. It
// talks to loopback addresses only. Modes:
//
//	gci          signed STS GetCallerIdentity (-key, -secret)
//	assume-role  signed STS AssumeRole of -role-arn (-key, -secret)
//	switch       console Switch Role: POST /switchrole, then the page it
//	             redirects to, per signed-in session (-account, -user,
//	             -password, -switch-account, -switch-role)
//	roles-list   console roles list, 50 a page, cycling -pages pages, with
//	             the search -q (-account, -user, -password)
//	s3-put       signed S3 PutObject of -size bytes, a key per connection
//	             (-key, -secret, -bucket; the bucket is created if missing)
//	s3-get       signed S3 GetObject of a -size object per connection
//	s3-list      signed ListObjectsV2 of a prefix of -keys keys (stored first)
//	setup        creates -table (100 items in partition "p") and 1,000
//	             instances tagged load-0000 … load-0999, for the modes below
//	ddb-get      DynamoDB GetItem of one item of -table
//	ddb-put      DynamoDB PutItem of a new item of -table each request
//	ddb-query    DynamoDB Query of the 100 items of partition "p"
//	ec2-describe EC2 DescribeInstances filtered by the Name tag -name
//
// For example:
//
//	iamload -mode gci -key AKIA… -secret … -c 32 -d 10s
//	iamload -mode assume-role -key AKIA… -secret … -role-arn arn:aws:iam::123456789012:role/UpdateAPP
//	iamload -mode switch -account development -user david -password … -switch-account production -switch-role UpdateAPP
//	iamload -mode roles-list -account production -user admin -password … -q role -pages 200
//	iamload -mode s3-put -key AKIA… -secret … -bucket load -size 1024 -c 16
//	iamload -mode s3-get -url http://127.0.0.1:5055 -key x -secret y -bucket load -size 8388608 -c 4
//
// With -wrk-script FILE it signs one request of an API mode and writes it as
// a script for wrk (Debian's wrk package), which replays it with far less
// CPU of its own than this program's clients take.
//
// It imports iam/sigv4 and the standard library.
package main
