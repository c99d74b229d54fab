package store

import (
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// LabSandbox is a lab's organization made for one learner: which lab, its
// accounts (lab key → account ID, as JSON), its sealed credentials and
// secrets, and the event that its current start follows.
type LabSandbox struct {
	ID        string `gorm:"primaryKey"`
	LabID     string
	LabDigest string
	LearnerID *string
	Accounts  string
	Secrets   []byte
	StartSeq  int64
	CreatedAt time.Time
	ResetAt   time.Time
}

// TableName implements gorm's tabler.
func (LabSandbox) TableName() string { return "lab_sandboxes" }

// LabSandboxAccount says which sandbox an account belongs to.
type LabSandboxAccount struct {
	AccountID string `gorm:"primaryKey"`
	SandboxID string
}

// TableName implements gorm's tabler.
func (LabSandboxAccount) TableName() string { return "lab_sandbox_accounts" }

// LabProgress is a sandbox's state of one task: hints revealed, the last
// answer submitted, and when it was done.
type LabProgress struct {
	SandboxID string `gorm:"primaryKey"`
	TaskID    string `gorm:"primaryKey"`
	Hints     int
	Answer    string
	DoneAt    *time.Time
}

// TableName implements gorm's tabler.
func (LabProgress) TableName() string { return "lab_progress" }

// LabClass is an instructor's class: one lab, learners who join with its
// code or were listed by the instructor.
type LabClass struct {
	ID         string `gorm:"primaryKey"`
	LabID      string
	Name       string
	CodeHash   string
	CodeSealed []byte
	CreatedBy  string
	CreatedAt  time.Time
}

// TableName implements gorm's tabler.
func (LabClass) TableName() string { return "lab_classes" }

// LabLearner is a learner of a class, with a code of their own to enter
// their sandbox with.
type LabLearner struct {
	ID         string `gorm:"primaryKey"`
	ClassID    string
	Name       string
	Email      string
	CodeHash   string
	CodeSealed []byte
	CreatedAt  time.Time
}

// TableName implements gorm's tabler.
func (LabLearner) TableName() string { return "lab_learners" }

// CreateLabSandbox inserts a sandbox and the rows naming its accounts.
func (q *Q) CreateLabSandbox(sb *LabSandbox, accountIDs []string) error {
	if err := q.db.Create(sb).Error; err != nil {
		return mapErr("store: create lab sandbox", err)
	}
	rows := make([]LabSandboxAccount, len(accountIDs))
	for i, id := range accountIDs {
		rows[i] = LabSandboxAccount{AccountID: id, SandboxID: sb.ID}
	}
	if len(rows) == 0 {
		return nil
	}
	return mapErr("store: create lab sandbox accounts", q.db.Create(&rows).Error)
}

// LabSandbox finds a sandbox by ID.
func (q *Q) LabSandbox(id string) (*LabSandbox, error) {
	var sb LabSandbox
	err := q.db.Where("id = ?", id).Take(&sb).Error
	return &sb, mapErr("store: lab sandbox "+id, err)
}

// LabSandboxOfAccount finds the sandbox an account belongs to.
func (q *Q) LabSandboxOfAccount(accountID string) (string, error) {
	var ids []string
	err := q.db.Model(&LabSandboxAccount{}).Where("account_id = ?", accountID).Pluck("sandbox_id", &ids).Error
	if err == nil && len(ids) == 0 {
		return "", mapErr("store: lab sandbox of account", gorm.ErrRecordNotFound)
	}
	if err != nil {
		return "", mapErr("store: lab sandbox of account", err)
	}
	return ids[0], nil
}

// LabSandboxOfLearner finds a learner's sandbox.
func (q *Q) LabSandboxOfLearner(learnerID string) (*LabSandbox, error) {
	var sb LabSandbox
	err := q.db.Where("learner_id = ?", learnerID).Take(&sb).Error
	return &sb, mapErr("store: lab sandbox of learner", err)
}

// LabSandboxes lists sandboxes, newest first: those of the learners given,
// or with none given, every sandbox.
func (q *Q) LabSandboxes(learnerIDs []string) ([]LabSandbox, error) {
	db := q.db.Order("created_at DESC, id")
	if learnerIDs != nil {
		if len(learnerIDs) == 0 {
			return nil, nil
		}
		db = db.Where("learner_id IN ?", learnerIDs)
	}
	var sbs []LabSandbox
	err := db.Find(&sbs).Error
	return sbs, mapErr("store: lab sandboxes", err)
}

// DeleteLabSandbox removes a sandbox's rows (its progress and account
// links with it); its accounts are removed by ClearAccounts.
func (q *Q) DeleteLabSandbox(id string) error {
	return mapErr("store: delete lab sandbox", q.db.Where("id = ?", id).Delete(&LabSandbox{}).Error)
}

// LabProgressOf lists the progress rows of sandboxes.
func (q *Q) LabProgressOf(sandboxIDs ...string) ([]LabProgress, error) {
	if len(sandboxIDs) == 0 {
		return nil, nil
	}
	var ps []LabProgress
	err := q.db.Where("sandbox_id IN ?", sandboxIDs).Order("sandbox_id, task_id").Find(&ps).Error
	return ps, mapErr("store: lab progress", err)
}

// PutLabProgress writes one task's progress row, replacing it.
func (q *Q) PutLabProgress(p *LabProgress) error {
	err := q.db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "sandbox_id"}, {Name: "task_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"hints", "answer", "done_at"}),
	}).Create(p).Error
	return mapErr("store: put lab progress", err)
}

// CreateLabClass inserts a class.
func (q *Q) CreateLabClass(c *LabClass) error {
	return mapErr("store: create lab class", q.db.Create(c).Error)
}

// LabClass finds a class by ID.
func (q *Q) LabClass(id string) (*LabClass, error) {
	var c LabClass
	err := q.db.Where("id = ?", id).Take(&c).Error
	return &c, mapErr("store: lab class "+id, err)
}

// LabClassByCode finds a class by the hash of its join code.
func (q *Q) LabClassByCode(codeHash string) (*LabClass, error) {
	var c LabClass
	err := q.db.Where("code_hash = ?", codeHash).Take(&c).Error
	return &c, mapErr("store: lab class by code", err)
}

// LabClasses lists every class, newest first.
func (q *Q) LabClasses() ([]LabClass, error) {
	var cs []LabClass
	err := q.db.Order("created_at DESC, id").Find(&cs).Error
	return cs, mapErr("store: lab classes", err)
}

// DeleteLabClass removes a class and its learners.
func (q *Q) DeleteLabClass(id string) error {
	return mapErr("store: delete lab class", q.db.Where("id = ?", id).Delete(&LabClass{}).Error)
}

// CreateLabLearners inserts learners.
func (q *Q) CreateLabLearners(ls []LabLearner) error {
	if len(ls) == 0 {
		return nil
	}
	return mapErr("store: create lab learners", q.db.Create(&ls).Error)
}

// LabLearner finds a learner by ID.
func (q *Q) LabLearner(id string) (*LabLearner, error) {
	var l LabLearner
	err := q.db.Where("id = ?", id).Take(&l).Error
	return &l, mapErr("store: lab learner "+id, err)
}

// LabLearnerByCode finds a learner by the hash of their code.
func (q *Q) LabLearnerByCode(codeHash string) (*LabLearner, error) {
	var l LabLearner
	err := q.db.Where("code_hash = ?", codeHash).Take(&l).Error
	return &l, mapErr("store: lab learner by code", err)
}

// LabLearnerByName finds a class's learner by name, regardless of case.
func (q *Q) LabLearnerByName(classID, name string) (*LabLearner, error) {
	var l LabLearner
	err := q.db.Where("class_id = ? AND "+q.d.foldEq("name"), classID, name).Take(&l).Error
	return &l, mapErr("store: lab learner by name", err)
}

// LabLearners lists a class's learners by name.
func (q *Q) LabLearners(classID string) ([]LabLearner, error) {
	var ls []LabLearner
	err := q.db.Where("class_id = ?", classID).Order(q.d.foldOrder("name")).Find(&ls).Error
	return ls, mapErr("store: lab learners", err)
}

// DeleteLabLearner removes a learner.
func (q *Q) DeleteLabLearner(id string) error {
	return mapErr("store: delete lab learner", q.db.Where("id = ?", id).Delete(&LabLearner{}).Error)
}
