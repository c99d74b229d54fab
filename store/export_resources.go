package store

// The rows of the resource services' tables as an export moves them: the
// tables the store reads with statements of its own (S3 blobs and objects,
// DynamoDB items) have their row types here, with every column.

// s3BlobRow is a row of s3_blobs; times are Unix nanoseconds.
type s3BlobRow struct {
	ID         int64 `gorm:"primaryKey"`
	Size       int64
	CreatedAt  int64 `gorm:"autoCreateTime:false"`
	ReleasedAt *int64
	Data       []byte
}

func (s3BlobRow) TableName() string { return "s3_blobs" }

// s3ChunkRow is a row of s3_chunks.
type s3ChunkRow struct {
	ID   int64 `gorm:"primaryKey"`
	Data []byte
}

func (s3ChunkRow) TableName() string { return "s3_chunks" }

// s3BlobChunkRow is a row of s3_blob_chunks.
type s3BlobChunkRow struct {
	BlobID  int64 `gorm:"primaryKey;autoIncrement:false"`
	Seq     int64 `gorm:"primaryKey;autoIncrement:false"`
	Pos     int64
	Size    int64
	ChunkID int64
}

func (s3BlobChunkRow) TableName() string { return "s3_blob_chunks" }

// s3ObjectRow is a row of s3_objects; last_modified is Unix nanoseconds.
type s3ObjectRow struct {
	Bucket            string `gorm:"primaryKey"`
	ObjectKey         string `gorm:"primaryKey"`
	BlobID            int64
	Size              int64
	Etag              string
	LastModified      int64
	ContentType       string
	Headers           string
	Metadata          string
	Tags              string
	ChecksumAlgorithm string
	Checksum          string
	ChecksumType      string
	PartsCount        int
	StorageClass      string
}

func (s3ObjectRow) TableName() string { return "s3_objects" }

// ddbItemRow is a row of ddb_items.
type ddbItemRow struct {
	TableID int64  `gorm:"primaryKey;autoIncrement:false"`
	HK      []byte `gorm:"column:hk;primaryKey"`
	RK      []byte `gorm:"column:rk;primaryKey"`
	Size    int64
	Item    []byte
}

func (ddbItemRow) TableName() string { return "ddb_items" }

// resourceExportTables are the resource services' and the labs' tables
// of an export, each after those it refers to.
var resourceExportTables = []exportTable{
	tableOf[S3Bucket]("s3_buckets", "name"),
	tableOf[s3BlobRow]("s3_blobs", "id").batchOf(8),
	tableOf[s3ChunkRow]("s3_chunks", "id").batchOf(8),
	tableOf[s3BlobChunkRow]("s3_blob_chunks", "blob_id, seq"),
	tableOf[s3ObjectRow]("s3_objects", "bucket, object_key"),
	tableOf[S3Upload]("s3_uploads", "upload_id"),
	tableOf[S3Part]("s3_parts", "upload_id, part_number"),
	tableOf[DDBTable]("ddb_tables", "id"),
	tableOf[ddbItemRow]("ddb_items", "table_id, hk, rk"),
	tableOf[DDBTag]("ddb_tags", "table_id, key"),
	tableOf[EC2Instance]("ec2_instances", "seq"),
	tableOf[EC2Tag]("ec2_tags", "resource_id, key"),
	tableOf[LabClass]("lab_classes", "id"),
	tableOf[LabLearner]("lab_learners", "id"),
	tableOf[LabSandbox]("lab_sandboxes", "id"),
	tableOf[LabSandboxAccount]("lab_sandbox_accounts", "account_id"),
	tableOf[LabProgress]("lab_progress", "sandbox_id, task_id"),
}

// fromStore and toStore keep an empty key an empty value: SQLite reads an
// empty BLOB back as nil, which PostgreSQL would take for NULL.
func (r *ddbItemRow) fromStore(dialect) { r.emptyKeys() }
func (r *ddbItemRow) toStore(dialect)   { r.emptyKeys() }

func (r *ddbItemRow) emptyKeys() {
	if r.HK == nil {
		r.HK = []byte{}
	}
	if r.RK == nil {
		r.RK = []byte{}
	}
}

// An export holds S3 keys as they are, whatever escape a dialect stores
// them in (escKey).
func (r *s3ObjectRow) fromStore(d dialect) { r.ObjectKey = unescKey(d, r.ObjectKey) }
func (r *s3ObjectRow) toStore(d dialect)   { r.ObjectKey = escKey(d, r.ObjectKey) }
func (u *S3Upload) fromStore(d dialect)    { u.Key = unescKey(d, u.Key) }
func (u *S3Upload) toStore(d dialect)      { u.Key = escKey(d, u.Key) }
