// Package views holds the console's templ components and their view models:
// one typed component per page, pure functions of their view model.
// Handlers build view models from the results of the service layer.
//
// It imports templ, static, iam (policy positions), iam/catalog (action
// names) and iam/identity
// (policies and roles as the service layer answers them); never store.
package views
