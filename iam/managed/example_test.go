package managed_test

import (
	"fmt"

	"iamconsole/iam/managed"
)

func ExampleByName() {
	p, ok := managed.ByName("AdministratorAccess")
	fmt.Println(ok, p.ARN, p.DefaultVersionID)
	fmt.Println(string(p.Document))
	// Output:
	// true arn:aws:iam::aws:policy/AdministratorAccess v1
	// {
	//     "Version": "2012-10-17",
	//     "Statement": [
	//         {
	//             "Effect": "Allow",
	//             "Action": "*",
	//             "Resource": "*"
	//         }
	//     ]
	// }
}
