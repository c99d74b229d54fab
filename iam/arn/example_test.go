package arn_test

import (
	"fmt"

	"iamconsole/iam/arn"
)

func ExampleMatch() {
	fmt.Println(arn.Match("arn:aws:iam::*:role/app-*", "arn:aws:iam::111122223333:role/app-web"))
	fmt.Println(arn.Match("arn:aws:iam::*:role/app-*", "arn:aws:iam::111122223333:role/App-web"))
	fmt.Println(arn.Match("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c"))
	// Output:
	// true
	// false
	// true
}

func ExampleParse() {
	a, err := arn.Parse("arn:aws:sts::111122223333:assumed-role/Admin/alice")
	if err != nil {
		panic(err)
	}
	fmt.Println(a.Service, a.Account, a.Resource)
	// Output: sts 111122223333 assumed-role/Admin/alice
}
