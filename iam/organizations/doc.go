// Package organizations runs the organization the console's accounts
// belong to: AWS Organizations' accounts and organization (CreateAccount,
// ListAccounts, DescribeAccount, DescribeOrganization), IAM's account
// aliases, the creation of member accounts with their
// OrganizationAccountAccessRole, and the accounts a database starts with:
// the management account and its administrator (iamconsole init,
// Bootstrap) or the demo organization (CreateDemo).
//
// It imports iam (the kernel), iam/arn, iam/catalog (action names), store
// and the standard library; never echo, gorm or views.
package organizations
