package labs

// resourceKind reads one kind of resource of a simulated service for
// resource checks: an S3 object, a DynamoDB item, an EC2 instance. Each
// service registers its kind here when it lands, with the fields of
// ResourceCheck it reads.
type resourceKind struct {
	fields []string
}

// resourceKinds are the resource kinds this version checks.
var resourceKinds = map[string]resourceKind{}
