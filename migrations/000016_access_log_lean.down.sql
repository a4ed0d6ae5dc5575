ALTER TABLE access_log ADD CONSTRAINT access_log_citizen_fk FOREIGN KEY (citizen_id) REFERENCES citizens (id);
ALTER TABLE access_log ADD CONSTRAINT access_log_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);
CREATE INDEX IF NOT EXISTS access_log_user_at_idx ON access_log (user_id, at DESC);
