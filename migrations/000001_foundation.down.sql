DROP TABLE sessions;
DROP TABLE access_log;
DROP FUNCTION access_log_refuse_change();
DROP TABLE login_attempts;
DROP TABLE users;
DROP TABLE teams;
