// Package handlers holds the thin adapters between HTTP and iam.Service:
// console pages (one file per resource) and the AWS wire protocols. A
// handler parses input, calls one service method and chooses a response; no
// business rules live here, no SQL, no HTML outside views.
//
// It imports echo, iam, views and static; never store or gorm.
package handlers
