-- kvmlab schema v5: wrong-password strikes per account, so a lockout survives a restart.
-- failed_logins: wrong passwords in a row since the last success or lockout; lockouts: lockouts since the last
-- success (each lasts longer); locked_until: the end of the current or last lockout (null: none).

ALTER TABLE users ADD COLUMN failed_logins INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE users ADD COLUMN lockouts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE users ADD COLUMN locked_until TIMESTAMP WITH TIME ZONE;
