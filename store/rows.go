package store

// Rows are the rows of a whole organization written at once (a training
// sandbox): each kind of row goes in one multi-row statement, so that a
// sandbox of dozens of entities costs a handful of statements.
type Rows struct {
	Accounts    []Account
	Users       []User
	Groups      []Group
	Members     []GroupMember
	Roles       []Role
	Policies    []Policy
	Versions    []PolicyVersion
	Attachments []Attachment
	Inline      []InlinePolicy
	Tags        []Tag
	AccessKeys  []AccessKey
}

// rowsBatch bounds the rows of one statement, under SQLite's limit of
// 32,766 bound parameters for the widest of these tables.
const rowsBatch = 500

// InsertRows writes rows, parents before children.
func (q *Q) InsertRows(r *Rows) error {
	steps := []struct {
		what string
		n    int
		rows any
	}{
		{"accounts", len(r.Accounts), &r.Accounts},
		{"users", len(r.Users), &r.Users},
		{"groups", len(r.Groups), &r.Groups},
		{"group members", len(r.Members), &r.Members},
		{"roles", len(r.Roles), &r.Roles},
		{"policies", len(r.Policies), &r.Policies},
		{"policy versions", len(r.Versions), &r.Versions},
		{"attachments", len(r.Attachments), &r.Attachments},
		{"inline policies", len(r.Inline), &r.Inline},
		{"tags", len(r.Tags), &r.Tags},
		{"access keys", len(r.AccessKeys), &r.AccessKeys},
	}
	for _, s := range steps {
		if s.n == 0 {
			continue
		}
		if err := q.db.CreateInBatches(s.rows, rowsBatch).Error; err != nil {
			return mapErr("store: insert "+s.what, err)
		}
	}
	return nil
}

// clearAccounts are the statements that empty accounts, children first;
// each takes the account IDs once per ?.
var clearAccounts = []string{
	`DELETE FROM group_members WHERE user_id IN (SELECT id FROM users WHERE account_id IN ?) OR group_id IN (SELECT id FROM groups WHERE account_id IN ?)`,
	`DELETE FROM favorite_roles WHERE group_id IN (SELECT id FROM groups WHERE account_id IN ?)`,
	`DELETE FROM role_history WHERE user_id IN (SELECT id FROM users WHERE account_id IN ?)`,
	`DELETE FROM inline_policies WHERE entity_id IN (SELECT id FROM users WHERE account_id IN ?) OR entity_id IN (SELECT id FROM groups WHERE account_id IN ?) OR entity_id IN (SELECT id FROM roles WHERE account_id IN ?)`,
	`DELETE FROM tags WHERE entity_id IN (SELECT id FROM users WHERE account_id IN ?) OR entity_id IN (SELECT id FROM roles WHERE account_id IN ?) OR entity_id IN (SELECT id FROM policies WHERE account_id IN ?) OR entity_id IN (SELECT serial FROM mfa_devices WHERE account_id IN ?) OR (entity_type = 'account' AND entity_id IN ?)`,
	`DELETE FROM ec2_tags WHERE account_id IN ?`,
	`DELETE FROM ec2_instances WHERE account_id IN ?`,
	`DELETE FROM ddb_tables WHERE account_id IN ?`,
	`DELETE FROM s3_parts WHERE upload_id IN (SELECT upload_id FROM s3_uploads WHERE bucket IN (SELECT name FROM s3_buckets WHERE account_id IN ?))`,
	`DELETE FROM s3_uploads WHERE bucket IN (SELECT name FROM s3_buckets WHERE account_id IN ?)`,
	`DELETE FROM s3_objects WHERE bucket IN (SELECT name FROM s3_buckets WHERE account_id IN ?)`,
	`DELETE FROM s3_buckets WHERE account_id IN ?`,
	`DELETE FROM instance_profile_roles WHERE profile_id IN (SELECT id FROM instance_profiles WHERE account_id IN ?)`,
	`DELETE FROM instance_profiles WHERE account_id IN ?`,
	`DELETE FROM password_policies WHERE account_id IN ?`,
	`DELETE FROM password_history WHERE user_id IN (SELECT id FROM users WHERE account_id IN ?)`,
	`DELETE FROM policy_tags WHERE policy_id IN (SELECT id FROM policies WHERE account_id IN ?)`,
	`DELETE FROM attachments WHERE account_id IN ?`,
	`DELETE FROM access_keys WHERE account_id IN ?`,
	`DELETE FROM mfa_devices WHERE account_id IN ?`,
	`DELETE FROM console_sessions WHERE account_id IN ?`,
	`DELETE FROM role_sessions WHERE account_id IN ? OR source_account_id IN ?`,
	`DELETE FROM policy_versions WHERE policy_id IN (SELECT id FROM policies WHERE account_id IN ?)`,
	`DELETE FROM policies WHERE account_id IN ?`,
	`DELETE FROM users WHERE account_id IN ?`,
	`DELETE FROM groups WHERE account_id IN ?`,
	`DELETE FROM roles WHERE account_id IN ?`,
}

// ClearAccounts deletes everything IAM holds in the accounts: users,
// groups, roles, policies (with their tags), credentials and past
// passwords, MFA devices, instance profiles, the password policy, console
// and role sessions, attachments and tags; and what the simulated services hold
// there: EC2 instances, DynamoDB tables with their items, S3 buckets with
// their objects and uploads (the bodies' blobs are left to S3's collector,
// which deletes blobs nothing refers to); with drop, the accounts
// themselves too.
// Their events stay, as the event history is append-only.
func (q *Q) ClearAccounts(ids []string, drop bool) error {
	if len(ids) == 0 {
		return nil
	}
	q.forget("") // their console sessions go with them
	stmts := clearAccounts
	if drop {
		stmts = append(stmts[:len(stmts):len(stmts)], `DELETE FROM accounts WHERE id IN ?`)
	}
	for _, text := range stmts {
		n := countPlaceholders(text)
		args := make([]any, n)
		for i := range args {
			args[i] = ids
		}
		if err := q.db.Exec(text, args...).Error; err != nil {
			return mapErr("store: clear accounts", err)
		}
	}
	return nil
}

func countPlaceholders(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '?' {
			n++
		}
	}
	return n
}

// EventsAfter lists the events of the accounts after sequence number seq,
// oldest first, at most limit; with names given, only events of those names.
func (q *Q) EventsAfter(accountIDs []string, seq int64, names []string, limit int) ([]Event, error) {
	if len(accountIDs) == 0 {
		return nil, nil
	}
	db := q.db.Where("account_id IN ? AND seq > ?", accountIDs, seq)
	if len(names) > 0 {
		db = db.Where("event_name IN ?", names)
	}
	var es []Event
	err := db.Order("seq").Limit(limit).Find(&es).Error
	return es, mapErr("store: events after", err)
}

// LatestEventSeq is the sequence number of the newest event of the
// accounts, 0 for none.
func (q *Q) LatestEventSeq(accountIDs []string) (int64, error) {
	if len(accountIDs) == 0 {
		return 0, nil
	}
	var seq []int64
	err := q.db.Raw(`SELECT COALESCE(MAX(seq), 0) FROM events WHERE account_id IN ?`, accountIDs).Scan(&seq).Error
	if err != nil || len(seq) == 0 {
		return 0, mapErr("store: latest event", err)
	}
	return seq[0], nil
}

// LatestEventSeqs is LatestEventSeq of each account, in one query.
func (q *Q) LatestEventSeqs(accountIDs []string) (map[string]int64, error) {
	out := map[string]int64{}
	if len(accountIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		AccountID string
		Seq       int64
	}
	err := q.db.Raw(`SELECT account_id, MAX(seq) AS seq FROM events WHERE account_id IN ? GROUP BY account_id`, accountIDs).Scan(&rows).Error
	for _, r := range rows {
		out[r.AccountID] = r.Seq
	}
	return out, mapErr("store: latest events", err)
}
