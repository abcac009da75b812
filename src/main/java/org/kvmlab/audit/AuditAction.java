package org.kvmlab.audit;

/**
 * The security-relevant things kvmlab records. The names are stored in the database: add new ones, never
 * rename one.
 */
public enum AuditAction {
    /** Someone signed in (page or API). */
    LOGIN,
    /** A wrong user name or password. */
    LOGIN_FAILED,
    /** Too many wrong passwords: the account (or the address) is locked out for a while. */
    LOGIN_LOCKED,
    /** An admin lifted a lockout. */
    ACCOUNT_UNLOCKED,
    /** A student made their own account. */
    SIGNUP,
    /** An admin made an account. */
    ACCOUNT_CREATED,
    /** An admin changed an account's role. */
    ROLE_CHANGED,
    /** Learner input (XML, a virsh command, an upload) refused by the policy: the detail names what and why. */
    INPUT_REFUSED,
    /** A request over a cap (sessions, memory, vCPUs, disks, snapshots, time). */
    QUOTA_REFUSED,
    /** A lab session's guests were created. */
    GUEST_CREATED,
    /** A lab session's guests were removed (ended, expired, failed, or an orphan after a crash). */
    GUEST_REMOVED,
    /** An admin acted on another person's session. */
    ADMIN_ACTION,
    /** An instructor or admin looked at or changed a class, or a student's work. */
    INSTRUCTOR_ACTION,
    /** A lab version was uploaded or published. */
    LAB_AUTHORED,
    /** A hypervisor host was added, changed, drained or removed, or went down or came back. */
    HOST_CHANGED,
    /** A lab's warm pool size, or a class's pre-warming, was set or cancelled. */
    POOL_CHANGED
}
