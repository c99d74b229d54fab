package labs

import (
	"context"
	"errors"
	"sync"

	"iamconsole/iam"
	"iamconsole/iam/cache"
	"iamconsole/iam/catalog"
	"iamconsole/iam/identity"
	"iamconsole/iam/sessions"
	"iamconsole/store"
)

// Service runs labs on a server: it starts, resets and ends sandboxes,
// checks their tasks, signs learners in to them, and keeps the classes of
// instructors.
type Service struct {
	k    *iam.Service
	id   *identity.Service
	sess *sessions.Service
	st   *store.Store
	cat  *Catalogue

	mu sync.Mutex // guards cat
	// sandboxes are the sandboxes as last read, by ID, for the generation
	// of IAM configuration they were read at: a reset or an end (here or,
	// through Invalidate, on another instance) retires them.
	sandboxes *iam.Cache[*Sandbox]
	runs      *cache.LRU[string, *runState] // by sandbox ID: what the checks saw last
	byAccount *cache.LRU[string, string]    // account ID → its sandbox's ID
}

// Bounds of the service's caches.
const (
	maxCachedSandboxes = 10_000
	maxCachedAccounts  = 50_000
)

// New builds the labs service over the kernel and its subjects, offering
// the labs of cat (the built-in ones when nil).
func New(k *iam.Service, id *identity.Service, sess *sessions.Service, cat *Catalogue) *Service {
	if cat == nil {
		var err error
		if cat, err = NewCatalogue(""); err != nil {
			panic(err) // the built-in labs are checked by the package's tests
		}
	}
	return &Service{k: k, id: id, sess: sess, st: k.Store(), cat: cat,
		sandboxes: iam.NewCache[*Sandbox](k, maxCachedSandboxes),
		runs:      cache.NewLRU[string, *runState](maxCachedSandboxes),
		byAccount: cache.NewLRU[string, string](maxCachedAccounts)}
}

// Catalogue is the labs on offer.
func (s *Service) Catalogue() *Catalogue { return s.cat }

// SetCatalogue replaces the labs on offer (the server's --labs directory).
func (s *Service) SetCatalogue(c *Catalogue) {
	s.mu.Lock()
	s.cat = c
	s.mu.Unlock()
}

func (s *Service) catalogue() *Catalogue {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cat
}

// Errors of the labs service, as *iam.Error kinds the console turns into
// pages.
var (
	errNoLab       = &iam.Error{Kind: iam.KindNotFound, Code: "NoSuchLab", Message: "There is no such lab."}
	errNoSandbox   = &iam.Error{Kind: iam.KindNotFound, Code: "NoSuchSandbox", Message: "There is no such lab sandbox: it may have ended."}
	errNoClass     = &iam.Error{Kind: iam.KindNotFound, Code: "NoSuchClass", Message: "There is no such class."}
	errNoLearner   = &iam.Error{Kind: iam.KindNotFound, Code: "NoSuchLearner", Message: "There is no such learner in this class."}
	errNoTask      = &iam.Error{Kind: iam.KindNotFound, Code: "NoSuchTask", Message: "The lab has no such task."}
	errNotYours    = &iam.Error{Kind: iam.KindDenied, Code: "AccessDenied", Message: "This lab sandbox belongs to another learner."}
	errInstructors = &iam.Error{Kind: iam.KindDenied, Code: "AccessDenied",
		Message: "Only instructors may do this: a principal of the management account allowed organizations:CreateAccount."}
	errBadCode = &iam.Error{Kind: iam.KindInvalid, Code: "InvalidCode", Field: "code", Message: "No class or learner has this code."}
)

// Instructor reports whether c may run classes and start labs at will: a
// principal of the organization's management account that may create
// accounts (organizations:CreateAccount), as a sandbox's accounts are.
func (s *Service) Instructor(ctx context.Context, c *iam.Caller) bool {
	if c == nil {
		return false
	}
	m, err := s.st.Read(ctx).ManagementAccount()
	if err != nil || m.ID != c.AccountID {
		return false
	}
	return s.k.Allowed(ctx, c, string(catalog.OrganizationsCreateAccount), "*")
}

// SandboxOfAccount is the ID of the sandbox account accountID belongs to,
// "" when it is not a sandbox's.
func (s *Service) SandboxOfAccount(ctx context.Context, accountID string) (string, error) {
	if id, ok := s.byAccount.Get(accountID); ok {
		return id, nil
	}
	id, err := s.st.Read(ctx).LabSandboxOfAccount(accountID)
	if errors.Is(err, store.ErrNotFound) {
		id, err = "", nil
	}
	if err != nil {
		return "", iam.Internal(err)
	}
	if id != "" {
		// Only a sandbox's accounts are remembered: an account that becomes
		// one later (never, as sandboxes make their own) is read again.
		s.byAccount.Put(accountID, id)
	}
	return id, nil
}

// mayUse checks that c may see and work in sandbox sb: a principal of one
// of its accounts, or an instructor.
func (s *Service) mayUse(ctx context.Context, c *iam.Caller, sb *Sandbox) error {
	if c == nil {
		return iam.ErrNoSession
	}
	for _, a := range sb.Accounts {
		if a.ID == c.AccountID {
			return nil
		}
	}
	if s.Instructor(ctx, c) {
		return nil
	}
	return errNotYours
}

// ConsoleURL is the console's base URL, for the links the pages show.
func (s *Service) ConsoleURL() string { return s.k.Options().ConsoleURL }
