// Package labs runs training labs: offline scenarios in which a learner
// works through tasks in a sandbox organization of their own, each task
// checked automatically from the sandbox's state, its event history and
// the policy engine's decisions.
//
// A lab is a YAML file (the format is documented by schema/lab.schema.json):
// its title and summary, the accounts, users, groups, roles and policies a
// sandbox starts with, and ordered tasks with Markdown instructions, hints
// revealed one at a time, a solution, and declarative checks: an event
// occurred, an entity exists or has a property, a policy decision holds, a
// resource holds content, or the learner submitted an answer. Parse reads
// one strictly, reporting every problem with its line and column. The
// built-in catalogue is embedded (builtin/*.yaml).
//
// A sandbox is a lab's organization made for one learner, with fresh
// 12-digit account IDs, aliases and credentials, written in one
// transaction, so that a class shares one server without seeing each
// other. Progress is kept per sandbox; classes group learners for an
// instructor.
//
// It imports the kernel (iam) and the subjects it builds on (iam/identity,
// iam/sessions), iam/policy, iam/arn, iam/catalog, iam/managed and store,
// plus a YAML parser and a Markdown renderer; never echo, gorm or views.
package labs
