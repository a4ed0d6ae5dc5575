DROP TABLE coping_windows;
DROP TABLE phase_switches;
DROP FUNCTION phase_switches_refuse_change();
DELETE FROM settings WHERE key IN ('coping_months', 'coping_repeat_months');
