DROP TABLE form_drafts;
DROP TABLE form_submissions;
