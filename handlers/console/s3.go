package console

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/identity"
	s3 "iamconsole/resources/s3"
	"iamconsole/views"
)

// S3 serves the S3 console: buckets, the object browser, object overviews
// and the bucket's permissions. Every page and button is authorized as the
// effective principal by the S3 service itself.
type S3 struct {
	s3 *s3.Service
}

// NewS3 builds the S3 console handlers.
func NewS3(svc *s3.Service) *S3 { return &S3{s3: svc} }

// consoleRegions are the regions the create form offers.
var consoleRegions = []string{"us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1",
	"ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "sa-east-1", "ca-central-1"}

const consoleTime = "January 2, 2006, 15:04:05 (UTC)"

// bucketParam is the bucket of the URL.
func bucketParam(c echo.Context) string {
	b, _ := url.PathUnescape(c.Param("bucket"))
	return b
}

func s3Page(c echo.Context, title string) views.Page { return PageFor(c, title, "s3") }

// button tells whether the caller may press a button needing action on
// the bucket (key "") or an object.
func (h *S3) button(c echo.Context, bucket, key, action string) views.Button {
	return views.Button{Allowed: h.s3.Allowed(c.Request().Context(), Caller(c), bucket, key, action), Action: action}
}

// Buckets lists the caller's buckets with the create form.
func (h *S3) Buckets(c echo.Context) error {
	return h.buckets(c, http.StatusOK, views.BucketsVM{NewRegion: s3.DefaultRegion})
}

func (h *S3) buckets(c echo.Context, status int, vm views.BucketsVM) error {
	ctx, caller := c.Request().Context(), Caller(c)
	out, err := h.s3.ListBuckets(ctx, caller, s3.ListBucketsInput{})
	if err != nil {
		return Fail(c, err)
	}
	vm.Account, vm.Regions = caller.Account(), consoleRegions
	for _, b := range out.Buckets {
		vm.Buckets = append(vm.Buckets, views.BucketRow{Name: b.Name, Region: b.Region, Created: b.CreatedAt.UTC().Format(consoleTime)})
	}
	vm.Create = views.Button{Allowed: h.s3.MayCreateBucket(ctx, caller), Action: catalog.S3CreateBucket.String()}
	return Render(c, status, views.Buckets(s3Page(c, "Buckets"), vm))
}

// CreateBucket creates a bucket from the form.
func (h *S3) CreateBucket(c echo.Context) error {
	name, region := strings.TrimSpace(formValue(c, "bucket")), formValue(c, "region")
	in := s3.CreateBucketInput{Bucket: name, Region: region, LocationConstraint: region}
	if region == s3.DefaultRegion {
		in.LocationConstraint = ""
	}
	if _, err := h.s3.CreateBucket(c.Request().Context(), Caller(c), in); err != nil {
		if iam.IsKind(err, iam.KindDenied) {
			return Fail(c, err)
		}
		return h.buckets(c, http.StatusUnprocessableEntity, views.BucketsVM{NewName: name, NewRegion: region, Errors: s3FieldErrors(err, "bucket")})
	}
	Flash(c, "success", "Successfully created bucket \""+name+"\".")
	return Redirect(c, "/s3/buckets/"+url.PathEscape(name))
}

// s3FieldErrors puts an S3 error next to a form's field.
func s3FieldErrors(err error, field string) map[string]string {
	e := s3.AsError(err)
	return map[string]string{field: e.Message()}
}

// DeleteBucketForm asks to type the bucket's name.
func (h *S3) DeleteBucketForm(c echo.Context) error {
	b := bucketParam(c)
	vm := views.DeleteBucketVM{Bucket: b, Delete: h.button(c, b, "", catalog.S3DeleteBucket.String())}
	return Render(c, http.StatusOK, views.DeleteBucket(s3Page(c, "Delete bucket"), vm))
}

// DeleteBucket deletes a bucket once its name was typed.
func (h *S3) DeleteBucket(c echo.Context) error {
	b := bucketParam(c)
	typed := formValue(c, "confirm")
	vm := views.DeleteBucketVM{Bucket: b, Typed: typed, Delete: h.button(c, b, "", catalog.S3DeleteBucket.String())}
	if typed != b {
		vm.Errors = map[string]string{"confirm": "Enter the bucket's name exactly to confirm."}
		return Render(c, http.StatusUnprocessableEntity, views.DeleteBucket(s3Page(c, "Delete bucket"), vm))
	}
	if err := h.s3.DeleteBucket(c.Request().Context(), Caller(c), b); err != nil {
		if iam.IsKind(err, iam.KindDenied) || iam.IsKind(err, iam.KindNotFound) {
			return Fail(c, err)
		}
		vm.Errors = map[string]string{"_": s3.AsError(err).Message()}
		return Render(c, http.StatusConflict, views.DeleteBucket(s3Page(c, "Delete bucket"), vm))
	}
	Flash(c, "success", "Successfully deleted bucket \""+b+"\".")
	return Redirect(c, "/s3/buckets")
}

// Bucket shows a bucket's objects (in the folder ?prefix=), properties or
// permissions.
func (h *S3) Bucket(c echo.Context) error {
	return h.bucket(c, http.StatusOK, views.BucketVM{Tab: c.QueryParam("tab")})
}

// crumbs are the folders from the bucket down to prefix.
func crumbs(prefix string) []views.S3Crumb {
	var out []views.S3Crumb
	acc := ""
	for _, part := range strings.SplitAfter(prefix, "/") {
		if part == "" {
			continue
		}
		acc += part
		out = append(out, views.S3Crumb{Label: strings.TrimSuffix(part, "/"), Prefix: acc})
	}
	return out
}

func (h *S3) bucket(c echo.Context, status int, vm views.BucketVM) error {
	ctx, caller := c.Request().Context(), Caller(c)
	b := bucketParam(c)
	vm.Bucket, vm.ARN = b, s3.BucketARN(b)
	if vm.Tab != "permissions" && vm.Tab != "properties" {
		vm.Tab = "objects"
	}
	info, err := h.s3.HeadBucket(ctx, caller, b)
	if err != nil {
		return Fail(c, err)
	}
	vm.Region, vm.Created = info.Region, info.CreatedAt.UTC().Format(consoleTime)
	switch vm.Tab {
	case "objects":
		vm.Prefix = c.QueryParam("prefix")
		vm.Crumbs = crumbs(vm.Prefix)
		out, err := h.s3.ListObjects(ctx, caller, s3.ListObjectsInput{Bucket: b, V2: true, Prefix: vm.Prefix, Delimiter: "/",
			MaxKeys: -1, ContinuationToken: c.QueryParam("token")})
		if err != nil {
			return Fail(c, err)
		}
		for _, p := range out.CommonPrefixes {
			vm.Entries = append(vm.Entries, views.S3Entry{Key: p, Name: strings.TrimPrefix(p, vm.Prefix), Folder: true})
		}
		for _, o := range out.Objects {
			if o.Key == vm.Prefix {
				continue // the folder's own marker object
			}
			vm.Entries = append(vm.Entries, views.S3Entry{Key: o.Key, Name: strings.TrimPrefix(o.Key, vm.Prefix),
				Size: humanSize(o.Size), LastModified: o.LastModified.UTC().Format(consoleTime), StorageClass: titleCase(o.StorageClass)})
		}
		vm.NextToken = out.NextContinuationToken
		vm.Upload = h.button(c, b, vm.Prefix+"*", catalog.S3PutObject.String())
		vm.CreateFolder = vm.Upload
		vm.Delete = h.button(c, b, vm.Prefix+"*", catalog.S3DeleteObject.String())
	case "permissions":
		if vm.Policy == "" && vm.PolicyProblems == nil {
			doc, err := h.s3.GetBucketPolicy(ctx, caller, b)
			switch {
			case err == nil:
				vm.CanReadPolicy, vm.Policy = true, doc
			case s3.AsError(err).Code() == "NoSuchBucketPolicy":
				vm.CanReadPolicy = true
			}
		} else {
			vm.CanReadPolicy = true
		}
		if public, err := h.s3.GetBucketPolicyStatus(ctx, caller, b); err == nil {
			vm.PolicyPublic = public
		}
		pab, err := h.s3.GetPublicAccessBlock(ctx, caller, b)
		switch {
		case err == nil:
			vm.CanReadPAB, vm.HasPAB = true, true
			vm.BlockPublicAcls, vm.IgnorePublicAcls, vm.BlockPublicPolicy, vm.RestrictPublic =
				pab.BlockPublicAcls, pab.IgnorePublicAcls, pab.BlockPublicPolicy, pab.RestrictPublicBuckets
		case s3.AsError(err).Code() == "NoSuchPublicAccessBlockConfiguration":
			vm.CanReadPAB = true
		}
		vm.PutPolicy = h.button(c, b, "", catalog.S3PutBucketPolicy.String())
		vm.DeletePolicy = h.button(c, b, "", catalog.S3DeleteBucketPolicy.String())
		vm.PutPAB = h.button(c, b, "", catalog.S3PutBucketPublicAccessBlock.String())
		if vm.PolicyErrors == "" {
			vm.PolicyErrors = "[]"
		}
	case "properties":
		if vm.Tags == "" && vm.Errors == nil {
			tags, err := h.s3.GetBucketTagging(ctx, caller, b)
			switch {
			case err == nil:
				vm.CanReadTags, vm.Tags = true, tagLines(tags)
			case s3.AsError(err).Code() == "NoSuchTagSet":
				vm.CanReadTags = true
			}
		} else {
			vm.CanReadTags = true
		}
		vm.PutTags = h.button(c, b, "", catalog.S3PutBucketTagging.String())
	}
	return Render(c, status, views.Bucket(s3Page(c, b), vm))
}

func tagLines(tags []s3.Tag) string {
	var b strings.Builder
	for _, t := range tags {
		b.WriteString(t.Key + "=" + t.Value + "\n")
	}
	return b.String()
}

// parseTagLines reads key=value lines.
func parseTagLines(text string) []s3.Tag {
	var tags []s3.Tag
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k, v, _ := strings.Cut(line, "=")
		tags = append(tags, s3.Tag{Key: strings.TrimSpace(k), Value: strings.TrimSpace(v)})
	}
	return tags
}

func humanSize(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	f, suffix := float64(n), ""
	for _, s := range []string{"KB", "MB", "GB", "TB"} {
		f /= unit
		suffix = s
		if f < unit {
			break
		}
	}
	return strconv.FormatFloat(f, 'f', 1, 64) + " " + suffix
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return s[:1] + strings.ToLower(strings.ReplaceAll(s[1:], "_", " "))
}

// PutBucketPolicy saves the policy from the permissions tab; an invalid
// document is shown again with its problems marked.
func (h *S3) PutBucketPolicy(c echo.Context) error {
	b, doc := bucketParam(c), formValue(c, "document")
	if err := h.s3.PutBucketPolicy(c.Request().Context(), Caller(c), b, doc); err != nil {
		e := s3.AsError(err)
		if e.IAM.Kind != iam.KindMalformedPolicy && e.Code() != "AccessDenied" {
			return Fail(c, err)
		}
		if e.Code() == "AccessDenied" && !strings.Contains(e.Message(), "BlockPublicPolicy") {
			return Fail(c, err)
		}
		vm := views.BucketVM{Tab: "permissions", Policy: doc, PolicyProblems: e.IAM.Positions}
		if len(vm.PolicyProblems) == 0 {
			vm.PolicyProblems = []iam.Position{{Message: e.Message()}}
		}
		vm.PolicyErrors = positionsJSON(vm.PolicyProblems)
		return h.bucket(c, http.StatusUnprocessableEntity, vm)
	}
	Flash(c, "success", "Successfully edited bucket policy.")
	return Redirect(c, "/s3/buckets/"+url.PathEscape(b)+"?tab=permissions")
}

func positionsJSON(ps []iam.Position) string {
	type mark struct {
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Message string `json:"message"`
	}
	out := make([]mark, 0, len(ps))
	for _, p := range ps {
		out = append(out, mark{p.Line, p.Column, p.Message})
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// DeleteBucketPolicy removes the bucket policy.
func (h *S3) DeleteBucketPolicy(c echo.Context) error {
	b := bucketParam(c)
	if err := h.s3.DeleteBucketPolicy(c.Request().Context(), Caller(c), b); err != nil {
		return Fail(c, err)
	}
	Flash(c, "success", "Successfully deleted bucket policy.")
	return Redirect(c, "/s3/buckets/"+url.PathEscape(b)+"?tab=permissions")
}

// ValidateBucketPolicy answers the editor's live validation with S3's
// problems, line and column.
func (h *S3) ValidateBucketPolicy(c echo.Context) error {
	var in struct{ Document string }
	if strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEApplicationJSON) {
		if err := json.NewDecoder(c.Request().Body).Decode(&in); err != nil {
			return c.JSON(http.StatusBadRequest, map[string]string{"message": "The request body must be a JSON object with document."})
		}
	} else {
		in.Document = c.FormValue("document")
	}
	type problem struct {
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Message string `json:"message"`
	}
	resp := struct {
		Errors      []problem `json:"errors"`
		SummaryHTML string    `json:"summary_html,omitempty"`
	}{Errors: []problem{}}
	for _, p := range h.s3.BucketPolicyProblems(c.Request().Context(), bucketParam(c), in.Document) {
		resp.Errors = append(resp.Errors, problem{p.Line, p.Column, p.Message})
	}
	if sum, err := identity.Summarize(in.Document); err == nil {
		var buf bytes.Buffer
		if err := views.PolicySummaryView(sum).Render(c.Request().Context(), &buf); err == nil {
			resp.SummaryHTML = buf.String()
		}
	}
	return c.JSON(http.StatusOK, resp)
}

// PutPublicAccessBlock saves the Block Public Access checkboxes.
func (h *S3) PutPublicAccessBlock(c echo.Context) error {
	b := bucketParam(c)
	on := func(name string) bool { return c.FormValue(name) == "1" }
	p := s3.PublicAccessBlock{BlockPublicAcls: on("block_public_acls"), IgnorePublicAcls: on("ignore_public_acls"),
		BlockPublicPolicy: on("block_public_policy"), RestrictPublicBuckets: on("restrict_public_buckets")}
	if err := h.s3.PutPublicAccessBlock(c.Request().Context(), Caller(c), b, p); err != nil {
		return Fail(c, err)
	}
	Flash(c, "success", "Successfully edited Block Public Access settings for this bucket.")
	return Redirect(c, "/s3/buckets/"+url.PathEscape(b)+"?tab=permissions")
}

// PutBucketTagging saves the bucket's tags.
func (h *S3) PutBucketTagging(c echo.Context) error {
	b, text := bucketParam(c), formValue(c, "tags")
	tags := parseTagLines(text)
	ctx, caller := c.Request().Context(), Caller(c)
	var err error
	if len(tags) == 0 {
		err = h.s3.DeleteBucketTagging(ctx, caller, b)
	} else {
		err = h.s3.PutBucketTagging(ctx, caller, b, tags)
	}
	if err != nil {
		if iam.IsKind(err, iam.KindInvalid) {
			return h.bucket(c, http.StatusUnprocessableEntity, views.BucketVM{Tab: "properties", Tags: text, Errors: s3FieldErrors(err, "tags")})
		}
		return Fail(c, err)
	}
	Flash(c, "success", "Successfully edited tags.")
	return Redirect(c, "/s3/buckets/"+url.PathEscape(b)+"?tab=properties")
}
