-- The lock-out by client address reads the recent failures from one address.
CREATE INDEX login_attempts_ip_at_idx ON login_attempts (ip, at DESC) WHERE NOT succeeded;
