DROP INDEX IF EXISTS login_attempts_ip_at_idx;
