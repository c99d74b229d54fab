package query

import (
	"log/slog"
	"net/http"

	"iamconsole/handlers/api"
)

// Service is one Query-protocol service (STS, IAM): its signing name,
// API version, XML namespace and action table.
type Service struct {
	name, version, namespace string
	actions                  map[string]Action
	// before, when set, may refuse a call before its action runs.
	before func(call *api.Call) error
	log    *slog.Logger
}

// NewService builds a Query service. log receives server faults.
func NewService(name, version, namespace string, actions map[string]Action, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{name: name, version: version, namespace: namespace, actions: actions, log: log}
}

// Before installs a check that runs before every action; its error is the
// call's answer.
func (s *Service) Before(fn func(call *api.Call) error) *Service { s.before = fn; return s }

// Name implements api.Service.
func (s *Service) Name() string { return s.name }

// Namespace is the service's XML namespace.
func (s *Service) Namespace() string { return s.namespace }

// Actions lists the service's action names.
func (s *Service) Actions() []string {
	out := make([]string, 0, len(s.actions))
	for a := range s.actions {
		out = append(out, a)
	}
	return out
}

// WriteError implements api.Service.
func (s *Service) WriteError(w http.ResponseWriter, id string, err error) {
	we := api.Wire(err)
	WriteError(w, s.namespace, id, we.Status, we.Code, we.Message)
}

// Serve implements api.Service: it reads the parameters, finds the action
// of the service's version, and answers its result or error.
func (s *Service) Serve(call *api.Call) {
	w := call.Writer
	p, ok := Parse(call.Request, call.Body)
	if !ok {
		WriteError(w, s.namespace, call.ID, http.StatusBadRequest, "MalformedQueryString", "The query string is malformed.")
		return
	}
	action := p.Get("Action")
	call.Action = action
	if action == "" {
		WriteError(w, s.namespace, call.ID, http.StatusBadRequest, "MissingAction", "Missing Action")
		return
	}
	fn, ok := s.actions[action]
	if version := p.Get("Version"); !ok || version != s.version {
		v := p.Get("Version")
		if v == "" {
			v = "null"
		}
		WriteError(w, s.namespace, call.ID, http.StatusBadRequest, "InvalidAction", "Could not find operation "+action+" for version "+v)
		return
	}
	if s.before != nil {
		if err := s.before(call); err != nil {
			s.WriteError(w, call.ID, err)
			return
		}
	}
	r := NewReader(p)
	invoke := fn(r)
	if err := r.Err(); err != nil {
		s.WriteError(w, call.ID, err)
		return
	}
	result, err := invoke(call.Ctx, call.Caller)
	if err != nil {
		we := api.Wire(err)
		if we.Status >= 500 {
			s.log.Error("api", "service", s.name, "action", action, "err", err)
		}
		WriteError(w, s.namespace, call.ID, we.Status, we.Code, we.Message)
		return
	}
	WriteResult(w, s.namespace, action, call.ID, result)
}
