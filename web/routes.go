package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"iamconsole/handlers/console"
)

// routes is the one route table: every console page is found here from its URL.
func routes(e *echo.Echo, d Deps) {
	// AWS API calls never reach this table: the front door (see New)
	// answers every SigV4-signed request, on any path, before routing.

	e.GET("/static/*", staticHandler)
	// Liveness: the process answers. Readiness: it may take requests (a
	// load balancer sends none while it fails).
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	e.GET("/readyz", func(c echo.Context) error {
		if d.Ready != nil {
			// Why is the operator's business (Ready logs it), not the caller's.
			if err := d.Ready(c.Request().Context()); err != nil {
				return c.String(http.StatusServiceUnavailable, "not ready")
			}
		}
		return c.String(http.StatusOK, "ready")
	})

	signin := console.NewSignIn(d.Svc.Sessions, d.Sessions)
	e.GET("/signin", signin.Form)
	e.POST("/signin", signin.Submit)
	e.POST("/signin/mfa", signin.MFA)
	e.POST("/signin/password", signin.Password)
	e.POST("/signout", signin.SignOut)

	// Everything below needs a signed-in console session.
	g := e.Group("", requireSignIn)
	home := console.NewHome(d.Svc.IAM)
	g.GET("/", home.Show)
	g.GET("/console/home", home.Show)

	sw := console.NewSwitchRole(d.Svc.Sessions)
	g.GET("/switchrole", sw.Form)
	g.POST("/switchrole", sw.Submit)
	g.POST("/switchback", sw.Back)
	g.GET("/switchrole/history", sw.History)
	trail := console.NewTrail(d.Svc.IAM)
	g.GET("/trail", trail.List)
	g.GET("/trail/export", trail.Export)
	g.GET("/trail/:id", trail.Detail)
	users := console.NewUsers(d.Svc.IAM, d.Svc.Identity)
	g.GET("/iam/users", users.List)
	g.GET("/iam/users/new", users.New)
	g.POST("/iam/users", users.Create)
	g.GET("/iam/users/:name", users.Show)
	g.POST("/iam/users/:name/delete", users.Delete)
	g.POST("/iam/users/:name/access_keys", users.CreateAccessKey)
	g.POST("/iam/users/:name/access_keys/:key/status", users.UpdateAccessKey)
	g.POST("/iam/users/:name/access_keys/:key/delete", users.DeleteAccessKey)
	g.POST("/iam/users/:name/login_profile", users.SetPassword)
	g.POST("/iam/users/:name/login_profile/delete", users.DeletePassword)
	g.POST("/iam/users/:name/groups", users.AddToGroup)
	g.POST("/iam/users/:name/groups/:group/delete", users.RemoveFromGroup)
	g.POST("/iam/users/:name/mfa", users.CreateMFA)
	g.POST("/iam/users/:name/mfa/enable", users.EnableMFA)
	g.POST("/iam/users/:name/mfa/deactivate", users.DeactivateMFA)
	g.GET("/iam/mfa/qr", users.MFAQR)
	g.GET("/iam/security_credentials", users.SecurityCredentials)
	g.POST("/iam/security_credentials/password", users.ChangePassword)
	groups := console.NewGroups(d.Svc.IAM, d.Svc.Identity, d.Svc.Sessions)
	g.GET("/iam/groups", groups.List)
	g.POST("/iam/groups", groups.Create)
	g.GET("/iam/groups/:name", groups.Show)
	g.POST("/iam/groups/:name/delete", groups.Delete)
	g.POST("/iam/groups/:name/users", groups.AddUser)
	g.POST("/iam/groups/:name/users/:user/delete", groups.RemoveUser)
	g.POST("/iam/groups/:name/favorites", groups.PublishFavorite)
	g.POST("/iam/groups/:name/favorites/delete", groups.UnpublishFavorite)
	accounts := console.NewAccounts(d.Svc.IAM, d.Svc.Orgs, d.Svc.Identity)
	g.GET("/organizations/accounts", accounts.List)
	g.POST("/organizations/accounts", accounts.Create)
	g.GET("/iam/account", accounts.Settings)
	g.POST("/iam/account/alias", accounts.SetAlias)
	g.POST("/iam/account/alias/delete", accounts.DeleteAlias)
	g.GET("/iam/account/authorization_details.json", accounts.Export)
	roles := console.NewRoles(d.Svc.IAM, d.Svc.Identity)
	g.GET("/iam/roles", roles.List)
	g.GET("/iam/roles/new", roles.New)
	g.POST("/iam/roles", roles.Create)
	g.GET("/iam/roles/:name", roles.Show)
	g.POST("/iam/roles/:name/settings", roles.UpdateSettings)
	g.POST("/iam/roles/:name/trust", roles.UpdateTrust)
	g.POST("/iam/roles/:name/tags", roles.AddTag)
	g.POST("/iam/roles/:name/tags/delete", roles.RemoveTag)
	g.POST("/iam/roles/:name/boundary", roles.PutBoundary)
	g.POST("/iam/roles/:name/boundary/delete", roles.DeleteBoundary)
	g.POST("/iam/roles/:name/delete", roles.Delete)
	bk := console.NewS3(d.Svc.S3)
	g.GET("/s3/buckets", bk.Buckets)
	g.POST("/s3/buckets", bk.CreateBucket)
	g.GET("/s3/buckets/:bucket", bk.Bucket)
	g.GET("/s3/buckets/:bucket/delete", bk.DeleteBucketForm)
	g.POST("/s3/buckets/:bucket/delete", bk.DeleteBucket)
	g.GET("/s3/buckets/:bucket/object", bk.Object)
	g.POST("/s3/buckets/:bucket/object/tags", bk.PutObjectTagging)
	g.GET("/s3/buckets/:bucket/download", bk.Download)
	g.POST("/s3/buckets/:bucket/upload", bk.Upload)
	g.POST("/s3/buckets/:bucket/objects/delete", bk.DeleteObjects)
	g.POST("/s3/buckets/:bucket/folders", bk.CreateFolder)
	g.POST("/s3/buckets/:bucket/policy", bk.PutBucketPolicy)
	g.POST("/s3/buckets/:bucket/policy/delete", bk.DeleteBucketPolicy)
	g.POST("/s3/buckets/:bucket/policy/validate", bk.ValidateBucketPolicy)
	g.POST("/s3/buckets/:bucket/public-access-block", bk.PutPublicAccessBlock)
	g.POST("/s3/buckets/:bucket/tags", bk.PutBucketTagging)
	policies := console.NewPolicies(d.Svc.IAM, d.Svc.Identity)
	g.GET("/iam/policies", policies.List)
	g.POST("/iam/policies/validate", policies.Validate)
	g.GET("/iam/policies/:arn", policies.Show)
	perms := console.NewPermissions(d.Svc.IAM, d.Svc.Identity)
	g.GET("/iam/policies/new", policies.New)
	g.POST("/iam/policies", policies.Create)
	g.GET("/iam/policies/:arn/edit", policies.Edit)
	g.POST("/iam/policies/:arn/versions", policies.CreateVersion)
	g.POST("/iam/policies/:arn/versions/delete", policies.DeleteVersion)
	g.POST("/iam/policies/:arn/default", policies.SetDefault)
	g.GET("/iam/policies/:arn/diff", policies.Diff)
	g.POST("/iam/policies/:arn/delete", policies.Delete)
	for _, kind := range []string{"users", "groups", "roles"} {
		base := "/iam/" + kind + "/:name"
		g.GET(base+"/attach", perms.AttachForm)
		g.POST(base+"/policies", perms.Attach)
		g.POST(base+"/policies/delete", perms.Detach)
		g.GET(base+"/inline", perms.InlineNew)
		g.GET(base+"/inline/:policy", perms.InlineEdit)
		g.POST(base+"/inline", perms.InlineSave)
		g.POST(base+"/inline/:policy/delete", perms.InlineDelete)
	}
}
