package s3_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iamconsole/handlers/api/apitest"
)

// newCLI is the AWS CLI with profiles for Development's admin and david,
// Production's admin, and david in Production's UpdateAPP (profile prod).
func newCLI(t *testing.T, e *apitest.Env) *apitest.CLI {
	t.Helper()
	pk, psecret, err := e.Services.Identity.CreateAccessKey(context.Background(), apitest.Root(apitest.ProdAccount), "admin")
	if err != nil {
		t.Fatal(err)
	}
	creds := fmt.Sprintf("[devadmin]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n[david]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n[prodadmin]\naws_access_key_id = %s\naws_secret_access_key = %s\n",
		e.Keys["admin"][0], e.Keys["admin"][1], e.Keys["david"][0], e.Keys["david"][1], pk.AccessKeyID, psecret)
	config := "[profile prod]\nrole_arn = " + apitest.UpdateAPP + "\nsource_profile = david\n"
	return apitest.NewCLI(t, e, config, creds)
}

// run runs the CLI and returns its output, failing on an error.
func run(t *testing.T, c *apitest.CLI, args ...string) string {
	t.Helper()
	out, errOut, err := c.Run("", args...)
	if err != nil {
		t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return out
}

func TestAWSCLIHighLevelCommands(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	c := newCLI(t, e)
	dir := t.TempDir()
	small := filepath.Join(dir, "small.txt")
	os.WriteFile(small, []byte("small file\n"), 0o644)
	big := filepath.Join(dir, "big.bin")
	data := make([]byte, 9<<20+12345) // over the CLI's 8 MB multipart threshold
	rand.Read(data)
	os.WriteFile(big, data, 0o644)

	// david, switched into UpdateAPP through his profile.
	if out := run(t, c, "s3", "ls", "--profile", "prod"); !strings.Contains(out, "productionapp") || !strings.Contains(out, "production-finance-reports") {
		t.Errorf("s3 ls: %s", out)
	}
	if out := run(t, c, "s3", "ls", "s3://productionapp/", "--profile", "prod"); !strings.Contains(out, "PRE releases/") || !strings.Contains(out, "index.html") {
		t.Errorf("s3 ls bucket: %s", out)
	}
	run(t, c, "s3", "cp", small, "s3://productionapp/cli/small.txt", "--profile", "prod")
	run(t, c, "s3", "cp", big, "s3://productionapp/cli/big.bin", "--profile", "prod")
	run(t, c, "s3", "cp", "s3://productionapp/cli/big.bin", filepath.Join(dir, "big.back"), "--profile", "prod")
	if back, _ := os.ReadFile(filepath.Join(dir, "big.back")); !bytes.Equal(back, data) {
		t.Fatal("the multipart upload did not come back whole")
	}
	head := c.OK("", "s3api", "head-object", "--bucket", "productionapp", "--key", "cli/big.bin", "--profile", "prod")
	if etag, _ := head["ETag"].(string); !strings.HasSuffix(etag, `-2"`) || head["ContentLength"] != float64(len(data)) {
		t.Errorf("head-object of the multipart upload: %v", head)
	}
	sync := filepath.Join(dir, "sync")
	os.MkdirAll(filepath.Join(sync, "sub"), 0o755)
	os.WriteFile(filepath.Join(sync, "a.txt"), []byte("a"), 0o644)
	os.WriteFile(filepath.Join(sync, "sub", "b.txt"), []byte("b"), 0o644)
	if out := run(t, c, "s3", "sync", sync, "s3://productionapp/synced/", "--profile", "prod"); strings.Count(out, "upload:") != 2 {
		t.Errorf("sync: %s", out)
	}
	if out := run(t, c, "s3", "sync", sync, "s3://productionapp/synced/", "--profile", "prod"); strings.Contains(out, "upload:") {
		t.Errorf("a second sync uploaded again: %s", out)
	}
	run(t, c, "s3", "mv", "s3://productionapp/synced/a.txt", "s3://productionapp/moved/a.txt", "--profile", "prod")
	if out := run(t, c, "s3", "ls", "s3://productionapp/", "--recursive", "--profile", "prod"); strings.Contains(out, "synced/a.txt") || !strings.Contains(out, "moved/a.txt") {
		t.Errorf("after mv: %s", out)
	}
	run(t, c, "s3", "rm", "s3://productionapp/moved/a.txt", "--profile", "prod")
	url := strings.TrimSpace(run(t, c, "s3", "presign", "s3://productionapp/cli/small.txt", "--profile", "prod"))
	if got := httpGet(t, url); got != "small file\n" {
		t.Errorf("presigned GET: %q", got)
	}
	// The role may not touch the other Production bucket, may read but
	// not write Development's shared one.
	c.Fails("AccessDenied", "s3", "ls", "s3://production-finance-reports/", "--profile", "prod")
	c.Fails("AccessDenied", "s3", "cp", small, "s3://production-finance-reports/x.txt", "--profile", "prod")
	if out := run(t, c, "s3", "cp", "s3://development-shared-builds/README.txt", "-", "--profile", "prod"); !strings.Contains(out, "UpdateAPP") {
		t.Errorf("cross-account read: %q", out)
	}
	c.Fails("AccessDenied", "s3", "cp", small, "s3://development-shared-builds/x.txt", "--profile", "prod")
	// Without the role, david reaches nothing of Production.
	c.Fails("AccessDenied", "s3", "ls", "s3://productionapp/", "--profile", "david")

	// mb, rb, rb --force.
	run(t, c, "s3", "mb", "s3://cli-made-bucket", "--profile", "devadmin")
	c.Fails("BucketAlreadyExists", "s3", "mb", "s3://productionapp", "--profile", "devadmin")
	c.Fails("InvalidBucketName", "s3", "mb", "s3://Not_Valid", "--profile", "devadmin")
	run(t, c, "s3", "cp", small, "s3://cli-made-bucket/f.txt", "--profile", "devadmin")
	c.Fails("BucketNotEmpty", "s3", "rb", "s3://cli-made-bucket", "--profile", "devadmin")
	run(t, c, "s3", "rb", "s3://cli-made-bucket", "--force", "--profile", "devadmin")
	c.Fails("NoSuchBucket", "s3", "ls", "s3://cli-made-bucket/", "--profile", "devadmin")
}

func httpGet(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, b)
	}
	return string(b)
}

func TestAWSCLIS3API(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	c := newCLI(t, e)
	p := []string{"--profile", "prodadmin"}
	args := func(a ...string) []string { return append(a, p...) }
	if loc := c.OK("", args("s3api", "get-bucket-location", "--bucket", "productionapp")...); loc["LocationConstraint"] != nil {
		t.Errorf("us-east-1 location: %v", loc)
	}
	c.OK("", args("s3api", "head-bucket", "--bucket", "productionapp")...)
	c.OK("", args("s3api", "create-bucket", "--bucket", "eu-cli-bucket", "--create-bucket-configuration", "LocationConstraint=eu-west-1")...)
	if loc := c.OK("", args("s3api", "get-bucket-location", "--bucket", "eu-cli-bucket")...); loc["LocationConstraint"] != "eu-west-1" {
		t.Errorf("eu-west-1 location: %v", loc)
	}
	pab := c.OK("", args("s3api", "get-public-access-block", "--bucket", "eu-cli-bucket")...)
	if cfg := pab["PublicAccessBlockConfiguration"].(map[string]any); cfg["BlockPublicPolicy"] != true {
		t.Errorf("new buckets block public access: %v", pab)
	}
	c.Fails("NoSuchBucketPolicy", args("s3api", "get-bucket-policy", "--bucket", "eu-cli-bucket")...)
	policy := `{"Version":"2012-10-17","Statement":[{"Sid":"DevReads","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::eu-cli-bucket/*"}]}`
	c.OK("", args("s3api", "put-bucket-policy", "--bucket", "eu-cli-bucket", "--policy", policy)...)
	if got := c.OK("", args("s3api", "get-bucket-policy", "--bucket", "eu-cli-bucket")...); got["Policy"] != policy {
		t.Errorf("get-bucket-policy: %v", got)
	}
	if st := c.OK("", args("s3api", "get-bucket-policy-status", "--bucket", "eu-cli-bucket")...); st["PolicyStatus"].(map[string]any)["IsPublic"] != false {
		t.Errorf("policy status: %v", st)
	}
	c.Fails("MalformedPolicy", args("s3api", "put-bucket-policy", "--bucket", "eu-cli-bucket", "--policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::eu-cli-bucket/*"}]}`)...)
	c.OK("", args("s3api", "delete-bucket-policy", "--bucket", "eu-cli-bucket")...)
	c.OK("", args("s3api", "put-public-access-block", "--bucket", "eu-cli-bucket", "--public-access-block-configuration",
		"BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,RestrictPublicBuckets=false")...)
	c.OK("", args("s3api", "delete-public-access-block", "--bucket", "eu-cli-bucket")...)
	c.Fails("NoSuchPublicAccessBlockConfiguration", args("s3api", "get-public-access-block", "--bucket", "eu-cli-bucket")...)
	c.OK("", args("s3api", "put-bucket-tagging", "--bucket", "eu-cli-bucket", "--tagging", "TagSet=[{Key=env,Value=test}]")...)
	if tg := c.OK("", args("s3api", "get-bucket-tagging", "--bucket", "eu-cli-bucket")...); len(tg["TagSet"].([]any)) != 1 {
		t.Errorf("bucket tags: %v", tg)
	}
	body := filepath.Join(t.TempDir(), "obj.txt")
	os.WriteFile(body, []byte("object"), 0o644)
	c.OK("", args("s3api", "put-object", "--bucket", "eu-cli-bucket", "--key", "dir/obj.txt", "--body", body,
		"--metadata", "owner=team-a", "--tagging", "class=public", "--content-type", "text/plain")...)
	head := c.OK("", args("s3api", "head-object", "--bucket", "eu-cli-bucket", "--key", "dir/obj.txt")...)
	if head["Metadata"].(map[string]any)["owner"] != "team-a" || head["ContentType"] != "text/plain" {
		t.Errorf("head-object: %v", head)
	}
	if tg := c.OK("", args("s3api", "get-object-tagging", "--bucket", "eu-cli-bucket", "--key", "dir/obj.txt")...); len(tg["TagSet"].([]any)) != 1 {
		t.Errorf("object tags: %v", tg)
	}
	v2 := c.OK("", args("s3api", "list-objects-v2", "--bucket", "productionapp", "--delimiter", "/")...)
	if len(v2["CommonPrefixes"].([]any)) != 2 || len(v2["Contents"].([]any)) != 1 {
		t.Errorf("list-objects-v2: %v", v2)
	}
	v1 := c.OK("", args("s3api", "list-objects", "--bucket", "productionapp", "--prefix", "releases/")...)
	if len(v1["Contents"].([]any)) != 2 {
		t.Errorf("list-objects: %v", v1)
	}
	up := c.OK("", args("s3api", "create-multipart-upload", "--bucket", "eu-cli-bucket", "--key", "mp")...)
	id := up["UploadId"].(string)
	if ups := c.OK("", args("s3api", "list-multipart-uploads", "--bucket", "eu-cli-bucket")...); len(ups["Uploads"].([]any)) != 1 {
		t.Errorf("list-multipart-uploads: %v", ups)
	}
	c.OK("", args("s3api", "abort-multipart-upload", "--bucket", "eu-cli-bucket", "--key", "mp", "--upload-id", id)...)
	c.Fails("NoSuchUpload", args("s3api", "list-parts", "--bucket", "eu-cli-bucket", "--key", "mp", "--upload-id", id)...)
	c.OK("", args("s3api", "copy-object", "--bucket", "eu-cli-bucket", "--key", "copy.txt", "--copy-source", "eu-cli-bucket/dir/obj.txt")...)
	del := c.OK("", args("s3api", "delete-objects", "--bucket", "eu-cli-bucket", "--delete", "Objects=[{Key=copy.txt},{Key=dir/obj.txt}]")...)
	if len(del["Deleted"].([]any)) != 2 {
		t.Errorf("delete-objects: %v", del)
	}
	c.Fails("NoSuchKey", args("s3api", "get-object", "--bucket", "eu-cli-bucket", "--key", "copy.txt", "/dev/null")...)
	c.OK("", args("s3api", "delete-bucket", "--bucket", "eu-cli-bucket")...)
}

func TestBoto3(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	k, secret, err := e.Services.Identity.CreateAccessKey(context.Background(), apitest.Root(apitest.ProdAccount), "admin")
	if err != nil {
		t.Fatal(err)
	}
	out := string(apitest.RunBoto3(t, e, "boto3_s3.py", "AWS_ACCESS_KEY_ID="+k.AccessKeyID, "AWS_SECRET_ACCESS_KEY="+secret,
		"AWS_DEFAULT_REGION=us-east-1", "WORKDIR="+t.TempDir()))
	for _, want := range []string{"upload_file ok", "download_file ok", "paginated 5 pages", "presigned v2 ok", "presigned v4 ok",
		"NoSuchKey", "checksum ok", "range ok", "delete ok"} {
		if !strings.Contains(out, want) {
			t.Errorf("boto3: no %q in\n%s", want, out)
		}
	}
}
