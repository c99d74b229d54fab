package labs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"
	"unicode"

	"iamconsole/iam"
	"iamconsole/store"
)

// Class is an instructor's class: one lab, and learners who join it with
// its code or whom the instructor listed.
type Class struct {
	ID        string
	Lab       *Lab
	LabID     string
	Name      string
	Code      string // the join code
	CreatedBy string
	CreatedAt time.Time
}

// Learner is one learner of a class.
type Learner struct {
	ID, ClassID, Name, Email string
	// Code enters the learner's own sandbox (and only theirs).
	Code      string
	SandboxID string
	CreatedAt time.Time
}

// Bounds of classes.
const (
	maxLearnersPerImport = 500
	maxNameLen           = 64
	maxEmailLen          = 254
	classCodeLen         = 8
	learnerCodeLen       = 10
)

// normCode is how a code is compared: lower case, without the spaces and
// hyphens people type or copy with it.
func normCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, code)
}

func hashCode(code string) string {
	sum := sha256.Sum256([]byte("lab-code\x00" + normCode(code)))
	return hex.EncodeToString(sum[:])
}

// newCode is a code of n characters, shown in groups of four.
func newCode(n int) string {
	raw := randomString(lowerAlnum, n)
	var b strings.Builder
	for i := 0; i < len(raw); i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(raw[i:min(i+4, len(raw))])
	}
	return b.String()
}

func (s *Service) openCode(sealed []byte, id string) string {
	b, err := s.k.Sealer().Open(sealed, "lab-code:"+id)
	if err != nil {
		return ""
	}
	return string(b)
}

func (s *Service) class(row *store.LabClass) *Class {
	c := &Class{ID: row.ID, LabID: row.LabID, Name: row.Name, Code: s.openCode(row.CodeSealed, row.ID), CreatedBy: row.CreatedBy, CreatedAt: row.CreatedAt}
	c.Lab, _ = s.catalogue().Lab(row.LabID)
	return c
}

// CreateClass creates a class of a lab for the instructor c, with a fresh
// join code.
func (s *Service) CreateClass(ctx context.Context, c *iam.Caller, labID, name string) (*Class, error) {
	if !s.Instructor(ctx, c) {
		return nil, errInstructors
	}
	if _, ok := s.catalogue().Lab(labID); !ok {
		return nil, &iam.Error{Kind: iam.KindInvalid, Code: "NoSuchLab", Field: "lab", Message: "Choose one of the labs offered."}
	}
	name = strings.TrimSpace(name)
	if err := validName("name", name); err != nil {
		return nil, err
	}
	id := "cls-" + randomString(lowerAlnum, 10)
	code := newCode(classCodeLen)
	row := &store.LabClass{ID: id, LabID: labID, Name: name, CodeHash: hashCode(code),
		CodeSealed: s.k.Sealer().Seal([]byte(code), "lab-code:"+id), CreatedBy: c.ARN, CreatedAt: s.k.Now()}
	if err := s.st.Tx(ctx, func(q *store.Q) error { return q.CreateLabClass(row) }); err != nil {
		return nil, iam.StoreErr(err, nil)
	}
	return s.class(row), nil
}

// validName checks a class's or learner's name.
func validName(field, name string) error {
	switch {
	case name == "":
		return iam.Invalid(field, "Enter a name.")
	case len([]rune(name)) > maxNameLen:
		return iam.Invalid(field, "A name has at most %d characters.", maxNameLen)
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return iam.Invalid(field, "A name has only printable characters.")
		}
	}
	return nil
}

func validEmail(field, email string) error {
	if email == "" {
		return nil
	}
	at := strings.IndexByte(email, '@')
	if len(email) > maxEmailLen || at < 1 || at == len(email)-1 || strings.ContainsAny(email, " \t\r\n,;<>") {
		return iam.Invalid(field, "%q is not an email address.", email)
	}
	return nil
}

// Classes lists the classes, newest first, for an instructor.
func (s *Service) Classes(ctx context.Context, c *iam.Caller) ([]*Class, error) {
	if !s.Instructor(ctx, c) {
		return nil, errInstructors
	}
	rows, err := s.st.Read(ctx).LabClasses()
	if err != nil {
		return nil, iam.Internal(err)
	}
	out := make([]*Class, len(rows))
	for i := range rows {
		out[i] = s.class(&rows[i])
	}
	return out, nil
}

// Class reads a class for an instructor.
func (s *Service) Class(ctx context.Context, c *iam.Caller, id string) (*Class, error) {
	if !s.Instructor(ctx, c) {
		return nil, errInstructors
	}
	row, err := s.st.Read(ctx).LabClass(id)
	if err != nil {
		return nil, iam.StoreErr(err, errNoClass)
	}
	return s.class(row), nil
}

// DeleteClass ends every learner's sandbox and removes the class.
func (s *Service) DeleteClass(ctx context.Context, c *iam.Caller, id string) error {
	ls, err := s.Learners(ctx, c, id)
	if err != nil {
		return err
	}
	for _, l := range ls {
		if l.SandboxID != "" {
			if err := s.End(ctx, l.SandboxID); err != nil && !iam.IsKind(err, iam.KindNotFound) {
				return err
			}
		}
	}
	return iam.StoreErr(s.st.Tx(ctx, func(q *store.Q) error { return q.DeleteLabClass(id) }), errNoClass)
}

// Learners lists a class's learners by name, with their sandboxes.
func (s *Service) Learners(ctx context.Context, c *iam.Caller, classID string) ([]*Learner, error) {
	if _, err := s.Class(ctx, c, classID); err != nil {
		return nil, err
	}
	return s.learners(ctx, classID)
}

func (s *Service) learners(ctx context.Context, classID string) ([]*Learner, error) {
	q := s.st.Read(ctx)
	rows, err := q.LabLearners(classID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	sbs, err := q.LabSandboxes(ids)
	if err != nil {
		return nil, iam.Internal(err)
	}
	sandbox := map[string]string{}
	for _, sb := range sbs {
		if sb.LearnerID != nil {
			sandbox[*sb.LearnerID] = sb.ID
		}
	}
	out := make([]*Learner, len(rows))
	for i, r := range rows {
		out[i] = &Learner{ID: r.ID, ClassID: r.ClassID, Name: r.Name, Email: r.Email, Code: s.openCode(r.CodeSealed, r.ID),
			SandboxID: sandbox[r.ID], CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// newLearner makes a learner's row with a fresh code.
func (s *Service) newLearner(classID, name, email string) (store.LabLearner, string) {
	id := "lrn-" + randomString(lowerAlnum, 10)
	code := newCode(learnerCodeLen)
	return store.LabLearner{ID: id, ClassID: classID, Name: name, Email: email, CodeHash: hashCode(code),
		CodeSealed: s.k.Sealer().Seal([]byte(code), "lab-code:"+id), CreatedAt: s.k.Now()}, code
}

// Join lets a learner in with a code: a class's join code and the
// learner's name makes a new learner of the class; a learner's own code
// enters that learner. Either way the learner's sandbox is started if it
// was not, and returned.
func (s *Service) Join(ctx context.Context, code, name string) (*Learner, *Sandbox, error) {
	h := hashCode(code)
	q := s.st.Read(ctx)
	var l *Learner
	if row, err := q.LabLearnerByCode(h); err == nil {
		l = &Learner{ID: row.ID, ClassID: row.ClassID, Name: row.Name, Email: row.Email, Code: s.openCode(row.CodeSealed, row.ID), CreatedAt: row.CreatedAt}
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, nil, iam.Internal(err)
	}
	var cl *store.LabClass
	if l == nil {
		var err error
		cl, err = q.LabClassByCode(h)
		if errors.Is(err, store.ErrNotFound) || normCode(code) == "" {
			return nil, nil, errBadCode
		} else if err != nil {
			return nil, nil, iam.Internal(err)
		}
		name = strings.TrimSpace(name)
		if err := validName("name", name); err != nil {
			return nil, nil, err
		}
		if _, err := q.LabLearnerByName(cl.ID, name); err == nil {
			return nil, nil, iam.Invalid("name", "A learner named %s has joined this class already: enter with the code you were given then.", name)
		}
		row, code := s.newLearner(cl.ID, name, "")
		if err := s.st.Tx(ctx, func(q *store.Q) error { return q.CreateLabLearners([]store.LabLearner{row}) }); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return nil, nil, iam.Invalid("name", "A learner named %s has joined this class already: enter with the code you were given then.", name)
			}
			return nil, nil, iam.Internal(err)
		}
		l = &Learner{ID: row.ID, ClassID: cl.ID, Name: name, Code: code, CreatedAt: row.CreatedAt}
	} else {
		var err error
		if cl, err = q.LabClass(l.ClassID); err != nil {
			return nil, nil, iam.StoreErr(err, errNoClass)
		}
	}
	sbRow, err := q.LabSandboxOfLearner(l.ID)
	var sb *Sandbox
	switch {
	case err == nil:
		sb, err = s.Sandbox(ctx, sbRow.ID)
	case errors.Is(err, store.ErrNotFound):
		sb, err = s.Start(ctx, cl.LabID, l.ID)
	default:
		err = iam.Internal(err)
	}
	if err != nil {
		return nil, nil, err
	}
	l.SandboxID = sb.ID
	return l, sb, nil
}

// learnerIn finds a class's learner.
func (s *Service) learnerIn(ctx context.Context, c *iam.Caller, classID, learnerID string) (*Learner, error) {
	ls, err := s.Learners(ctx, c, classID)
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		if l.ID == learnerID {
			return l, nil
		}
	}
	return nil, errNoLearner
}

// ResetLearner puts a learner's sandbox back to the lab's start (starting
// one if the learner has none).
func (s *Service) ResetLearner(ctx context.Context, c *iam.Caller, classID, learnerID string) (*Sandbox, error) {
	l, err := s.learnerIn(ctx, c, classID, learnerID)
	if err != nil {
		return nil, err
	}
	if l.SandboxID == "" {
		cl, err := s.Class(ctx, c, classID)
		if err != nil {
			return nil, err
		}
		return s.Start(ctx, cl.LabID, l.ID)
	}
	return s.Reset(ctx, l.SandboxID)
}

// RemoveLearner ends a learner's sandbox and removes them from the class.
func (s *Service) RemoveLearner(ctx context.Context, c *iam.Caller, classID, learnerID string) error {
	l, err := s.learnerIn(ctx, c, classID, learnerID)
	if err != nil {
		return err
	}
	if l.SandboxID != "" {
		if err := s.End(ctx, l.SandboxID); err != nil && !iam.IsKind(err, iam.KindNotFound) {
			return err
		}
	}
	return iam.StoreErr(s.st.Tx(ctx, func(q *store.Q) error { return q.DeleteLabLearner(l.ID) }), errNoLearner)
}

// LearnerOf is the learner a sandbox belongs to, nil for a sandbox started
// without one (an instructor's, or the commands').
func (s *Service) LearnerOf(ctx context.Context, sb *Sandbox) (*Learner, error) {
	if sb.LearnerID == "" {
		return nil, nil
	}
	row, err := s.st.Read(ctx).LabLearner(sb.LearnerID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, iam.Internal(err)
	}
	return &Learner{ID: row.ID, ClassID: row.ClassID, Name: row.Name, Email: row.Email, Code: s.openCode(row.CodeSealed, row.ID),
		SandboxID: sb.ID, CreatedAt: row.CreatedAt}, nil
}
