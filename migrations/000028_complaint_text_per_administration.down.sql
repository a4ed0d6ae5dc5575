INSERT INTO settings (key, value)
SELECT 'klagevejledning', complaint_text FROM administrations WHERE code = 'beskaeftigelse'
ON CONFLICT (key) DO NOTHING;
