package console

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	s3 "iamconsole/resources/s3"
	"iamconsole/views"
)

// Object shows an object's overview: ARN, S3 URI, ETag, size, metadata
// and tags.
func (h *S3) Object(c echo.Context) error {
	return h.object(c, http.StatusOK, views.ObjectVM{})
}

func (h *S3) object(c echo.Context, status int, vm views.ObjectVM) error {
	ctx, caller := c.Request().Context(), Caller(c)
	b, key := bucketParam(c), c.QueryParam("key")
	out, err := h.s3.GetObject(ctx, caller, s3.GetObjectInput{Bucket: b, Key: key, Head: true, ChecksumMode: true})
	if err != nil {
		return Fail(c, err)
	}
	o := out.Object
	vm.Bucket, vm.Key, vm.Name = b, key, path.Base(key)
	vm.ARN, vm.URI = s3.ObjectARN(b, key), "s3://"+b+"/"+key
	vm.URL = "http://" + c.Request().Host + "/" + b + "/" + escapeKey(key)
	vm.ETag, vm.Size, vm.Type = strings.Trim(o.ETag, `"`), humanSize(o.Size)+" ("+strconv.FormatInt(o.Size, 10)+" bytes)", o.ContentType
	vm.LastModified, vm.StorageClass = o.LastModified.UTC().Format(consoleTime), titleCase(o.StorageClass)
	if o.Checksum != "" {
		vm.Checksum = o.ChecksumAlgorithm + ": " + o.Checksum
	}
	vm.Crumbs = crumbs(parentOf(key))
	vm.Metadata = append(vm.Metadata, views.MetaRow{Type: "System defined", Key: "Content-Type", Value: o.ContentType})
	for name, v := range map[string]string{"Cache-Control": o.Headers.CacheControl, "Content-Disposition": o.Headers.ContentDisposition,
		"Content-Encoding": o.Headers.ContentEncoding, "Content-Language": o.Headers.ContentLanguage, "Expires": o.Headers.Expires} {
		if v != "" {
			vm.Metadata = append(vm.Metadata, views.MetaRow{Type: "System defined", Key: name, Value: v})
		}
	}
	for _, name := range o.Metadata.Names() {
		vm.Metadata = append(vm.Metadata, views.MetaRow{Type: "User defined", Key: "x-amz-meta-" + name, Value: o.Metadata[name]})
	}
	if vm.Errors == nil {
		if tags, err := h.s3.GetObjectTagging(ctx, caller, b, key); err == nil {
			vm.CanReadTags, vm.Tags = true, tagLines(tags)
		}
	} else {
		vm.CanReadTags = true
	}
	vm.Download = h.button(c, b, key, catalog.S3GetObject.String())
	vm.Delete = h.button(c, b, key, catalog.S3DeleteObject.String())
	vm.PutTags = h.button(c, b, key, catalog.S3PutObjectTagging.String())
	return Render(c, status, views.Object(s3Page(c, vm.Name), vm))
}

func escapeKey(key string) string {
	parts := strings.Split(key, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

func parentOf(key string) string {
	if i := strings.LastIndex(key, "/"); i >= 0 {
		return key[:i+1]
	}
	return ""
}

// Download streams an object as an attachment.
func (h *S3) Download(c echo.Context) error {
	b, key := bucketParam(c), c.QueryParam("key")
	out, err := h.s3.GetObject(c.Request().Context(), Caller(c), s3.GetObjectInput{Bucket: b, Key: key})
	if err != nil {
		return Fail(c, err)
	}
	defer out.Body.Close()
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, out.ContentType)
	w.Header().Set(echo.HeaderContentLength, strconv.FormatInt(out.Length, 10))
	w.Header().Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": path.Base(key)}))
	w.Header().Set("ETag", out.ETag)
	w.WriteHeader(http.StatusOK)
	_, err = io.Copy(w, out.Body)
	if err != nil {
		c.Logger().Warn("s3 download: ", err)
	}
	return nil
}

// Upload stores the files of a multipart form under the form's prefix,
// each streamed from the request straight into S3, never held whole. The
// form's fields come in order: the prefix, then the files. A request from
// the upload script (Accept: application/json) gets JSON; a plain form
// gets a flash and the folder's page.
func (h *S3) Upload(c echo.Context) error {
	ctx, caller := c.Request().Context(), Caller(c)
	b := bucketParam(c)
	wantsJSON := strings.Contains(c.Request().Header.Get(echo.HeaderAccept), echo.MIMEApplicationJSON)
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return h.uploadFailed(c, wantsJSON, b, "", http.StatusBadRequest, "The upload was not a multipart form.")
	}
	prefix := ""
	var stored []string
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return h.uploadFailed(c, wantsJSON, b, prefix, http.StatusBadRequest, "The upload broke off.")
		}
		if part.FormName() == "prefix" {
			v, _ := io.ReadAll(io.LimitReader(part, s3.MaxKeyBytes+1))
			prefix = string(v)
			continue
		}
		if part.FormName() != "file" || part.FileName() == "" {
			continue
		}
		key := prefix + part.FileName()
		ct := part.Header.Get(echo.HeaderContentType)
		if ct == "application/octet-stream" {
			ct = ""
		}
		_, err = h.s3.PutObject(ctx, caller, s3.PutObjectInput{Bucket: b, Key: key, Body: part, Size: -1, ContentType: ct})
		if err != nil {
			e := s3.AsError(err)
			if e.IAM.Kind == iam.KindDenied && !wantsJSON {
				return Fail(c, err)
			}
			return h.uploadFailed(c, wantsJSON, b, prefix, e.Status, key+": "+e.Message())
		}
		stored = append(stored, key)
	}
	if wantsJSON {
		return c.JSON(http.StatusOK, map[string]any{"keys": stored})
	}
	if len(stored) == 0 {
		return h.uploadFailed(c, false, b, prefix, http.StatusUnprocessableEntity, "Choose at least one file to upload.")
	}
	Flash(c, "success", "Upload succeeded: "+strconv.Itoa(len(stored))+" file(s) uploaded to s3://"+b+"/"+prefix+".")
	return Redirect(c, folderPath(b, prefix))
}

func folderPath(bucket, prefix string) string {
	u := "/s3/buckets/" + url.PathEscape(bucket)
	if prefix != "" {
		u += "?prefix=" + url.QueryEscape(prefix)
	}
	return u
}

func (h *S3) uploadFailed(c echo.Context, wantsJSON bool, bucket, prefix string, status int, msg string) error {
	if status < 400 || status >= 500 {
		status = http.StatusBadRequest
	}
	if wantsJSON {
		return c.JSON(status, map[string]string{"message": msg})
	}
	c.QueryParams().Set("prefix", prefix)
	return h.bucket(c, http.StatusUnprocessableEntity, views.BucketVM{Tab: "objects", Errors: map[string]string{"upload": msg}})
}

// DeleteObjects deletes the checked objects.
func (h *S3) DeleteObjects(c echo.Context) error {
	b := bucketParam(c)
	form, err := c.FormParams()
	if err != nil {
		return Fail(c, iam.Invalid("key", "The form could not be read."))
	}
	keys, prefix := form["key"], form.Get("prefix")
	if len(keys) == 0 {
		Flash(c, "info", "Select the objects to delete.")
		return Redirect(c, folderPath(b, prefix))
	}
	results, err := h.s3.DeleteObjects(c.Request().Context(), Caller(c), b, keys)
	if err != nil {
		return Fail(c, err)
	}
	var failed []string
	for _, r := range results {
		if !r.Deleted {
			failed = append(failed, r.Key+" ("+r.Message+")")
		}
	}
	if len(failed) > 0 {
		Flash(c, "error", "Failed to delete "+strings.Join(failed, ", ")+".")
	} else {
		Flash(c, "success", "Successfully deleted "+strconv.Itoa(len(keys))+" object(s).")
	}
	return Redirect(c, folderPath(b, prefix))
}

// CreateFolder stores the zero-byte object "prefix/name/" that S3's
// console uses for a folder.
func (h *S3) CreateFolder(c echo.Context) error {
	b, prefix := bucketParam(c), formValue(c, "prefix")
	name := strings.Trim(formValue(c, "folder"), "/")
	if name == "" {
		c.QueryParams().Set("prefix", prefix)
		return h.bucket(c, http.StatusUnprocessableEntity, views.BucketVM{Tab: "objects", Errors: map[string]string{"folder": "Enter a folder name."}})
	}
	key := prefix + name + "/"
	if _, err := h.s3.PutObject(c.Request().Context(), Caller(c), s3.PutObjectInput{Bucket: b, Key: key, Body: strings.NewReader(""), Size: 0}); err != nil {
		if iam.IsKind(err, iam.KindInvalid) {
			c.QueryParams().Set("prefix", prefix)
			return h.bucket(c, http.StatusUnprocessableEntity, views.BucketVM{Tab: "objects", Errors: s3FieldErrors(err, "folder")})
		}
		return Fail(c, err)
	}
	Flash(c, "success", "Successfully created folder \""+name+"\".")
	return Redirect(c, folderPath(b, key))
}

// PutObjectTagging saves an object's tags.
func (h *S3) PutObjectTagging(c echo.Context) error {
	b, key, text := bucketParam(c), c.QueryParam("key"), formValue(c, "tags")
	ctx, caller := c.Request().Context(), Caller(c)
	tags := parseTagLines(text)
	var err error
	if len(tags) == 0 {
		err = h.s3.DeleteObjectTagging(ctx, caller, b, key)
	} else {
		err = h.s3.PutObjectTagging(ctx, caller, b, key, tags)
	}
	if err != nil {
		if iam.IsKind(err, iam.KindInvalid) {
			return h.object(c, http.StatusUnprocessableEntity, views.ObjectVM{Tags: text, Errors: s3FieldErrors(err, "tags")})
		}
		return Fail(c, err)
	}
	Flash(c, "success", "Successfully edited tags.")
	return Redirect(c, "/s3/buckets/"+url.PathEscape(b)+"/object?key="+url.QueryEscape(key))
}
