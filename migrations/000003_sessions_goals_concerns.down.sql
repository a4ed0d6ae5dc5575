DROP TABLE concerns;
DROP TABLE session_amendments;
DROP TABLE session_goal_scores;
DROP TABLE session_tasks;
DROP TABLE mentor_sessions;
DROP TABLE goals;
DELETE FROM settings WHERE key = 'goal_scale_max';
