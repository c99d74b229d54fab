package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"iamconsole/handlers"
)

// routes is the one route table: every console page is found here from its URL.
func routes(e *echo.Echo, d Deps) {
	// AWS API: a SigV4-signed request on any path is an API call, routed by
	// the service of its credential scope (sts, iam, organizations) before
	// any console route or middleware sees it.
	e.Pre(handlers.NewAPI(d.Svc, nil).Middleware)

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
}
