// Package views holds the console's templ components and their view models:
// one typed component per page, pure functions of their view model. It never
// imports store; handlers build view models from iam results.
package views
