-- The letters read their sender and complaint text from the administration
-- of the grant's legal basis (migration 23); the municipality-wide setting
-- they read before is no longer used.
DELETE FROM settings WHERE key = 'klagevejledning';
