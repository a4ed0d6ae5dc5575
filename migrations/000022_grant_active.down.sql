DROP FUNCTION grant_active(text, date, date, date, date);
