// Package sessions is the console's sign-in and Switch Role: signing in
// with a password (and an MFA code, and a new password when one is due or
// the password policy says it expired), throttling repeated failures per
// source address and user with a growing backoff, and MFA codes per user
// across sign-ins (throttle.go; the counts sit behind FailureStore, in
// memory unless a shared store is plugged in), resolving the console
// session behind a cookie on every request (absolute and idle timeouts, the role session's
// expiry), switching into a role and back, and the roles a user is offered
// to switch to: their recent roles and the favourites published to their
// groups.
//
// A switch is authorized with the assume core of the kernel (the same
// decision STS AssumeRole makes) and answers once its writes and events are
// queued for the store's group commit (see SwitchRole), or, on a database
// several instances share, once they are committed.
//
// # The switch's write pipeline
//
// A switch writes, in one savepoint of the store's group commit
// (store.RotateConsoleSessionLater): the role session row, the console
// session's new ID (the old one goes), the user's role-history entry, and
// the SwitchRole and AssumeRole events (across accounts, the AssumeRole in
// both accounts, with one sharedEventID). Switch back writes the rotation and
// its event the same way. The rules, each asserted by the test named:
//
//   - Who writes a session: after sign-in, every write of a console session
//     (rotation, sign-out, its own updates) goes through the store's one
//     ordered queue (Batch, RotateConsoleSessionLater), so the writes of one
//     session land in the order they were queued; a sign-out queued behind a
//     switch is not undone by it (store: TestRotateLaterThenSignOut,
//     TestRotateLaterChains).
//   - From the moment a switch is queued, the new ID answers with the role
//     session and the old ID with nothing, on every request of this
//     instance, before the commit (store: TestRotateLaterAnswersBeforeCommit;
//     web: the switch and the next page answer as the role while the writer
//     is held).
//   - All or nothing: if the writes fail (the session was signed out or its
//     user deleted first), the new ID never resolves, the old session is
//     gone, no SwitchRole is recorded and the history in memory drops the
//     entry (store: TestRotateLaterFailsClosed;
//     TestSwitchWriteFailureFailsClosed).
//   - The history a user sees in memory is the one the store holds once the
//     queued writes are in, whatever the interleaving of one user's switches
//     (TestRoleHistoryConcurrentSwitches, TestRoleHistoryWriteThrough).
//   - A clean shutdown loses nothing answered: Close waits for queued
//     switches and their events (TestSwitchCloseLosesNothing).
//   - What a crash loses: the few milliseconds between the answer and the
//     commit. The database on disk then has neither the role session nor its
//     events; the browser's new ID is unknown after a restart (the user signs
//     in again), and the ID from before the switch, which the browser no
//     longer holds, stays a valid session without a role until it expires
//     (TestSwitchCrashBeforeCommit).
//
// # Several instances on one database
//
// On a database other instances share (PostgreSQL, store.Shared), what
// one instance holds in memory cannot answer for the others, so:
//
//   - A switch (and switch back) answers only once its writes committed,
//     and a failed write is an error of the switch, not a session that
//     later vanishes (TestSwitchFailsOnSharedDatabase); killed right after
//     its answer, the instance loses nothing of it (cmd/iamconsole:
//     TestKillLosesNothingAcknowledged).
//   - Every request reads its console session from the database, with the
//     configuration generation that drops stale caches; a sign-out or a
//     switch on one instance is seen by the next request on any other
//     (TestInstancesShareSessionsAndPermissions).
//   - The role history is read from the database, not kept in memory; the
//     sign-in failures are counted there (TestInstancesShareSignInThrottle),
//     as the MFA time steps already used are on any database
//     (TestInstancesShareMFACodeReuse).
//   - A sign-in, with or without MFA, is stored with its ConsoleLogin event
//     on every database.
//
// It imports iam (the kernel), iam/policy, iam/arn, iam/catalog (action
// names), store and the standard library; never echo, gorm or views.
package sessions
