-- A workspace can require a second factor of everyone who acts in it (ID-05): members without one are refused
-- until they turn one on, whether they come signed in or with an API key.
ALTER TABLE workspaces ADD COLUMN require_second_factor boolean NOT NULL DEFAULT false;
