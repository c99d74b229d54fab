package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"iamconsole/handlers"
)

// routes is the one route table: every console page is found here from its URL.
func routes(e *echo.Echo, d Deps) {
	e.GET("/static/*", staticHandler)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })

	signin := handlers.NewSignIn(d.Svc, d.Sessions)
	e.GET("/signin", signin.Form)
	e.POST("/signin", signin.Submit)
	e.POST("/signin/mfa", signin.MFA)
	e.POST("/signin/password", signin.Password)
	e.POST("/signout", signin.SignOut)

	// Everything below needs a signed-in console session.
	g := e.Group("", requireSignIn)
	home := handlers.NewHome(d.Svc)
	g.GET("/", home.Show)
	g.GET("/console/home", home.Show)

	// --- roles and policies ---
	roles := handlers.NewRoles(d.Svc)
	g.GET("/iam/roles", roles.List)
	g.GET("/iam/roles/:name", roles.Show)
	g.POST("/iam/roles/:name/trust", roles.UpdateTrust)
	g.POST("/iam/roles/:name/delete", roles.Delete)
	policies := handlers.NewPolicies(d.Svc)
	g.GET("/iam/policies", policies.List)
	g.POST("/iam/policies/validate", policies.Validate)
	g.GET("/iam/policies/:arn", policies.Show)
	// --- end roles and policies ---
}
