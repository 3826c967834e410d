-- Need-to-know: a session is seen by the person who ran it and the workspace's owners and admins, unless it is
-- shared with the whole workspace on purpose. When and by whom it was shared is kept with it.
ALTER TABLE agent_sessions ADD COLUMN shared_at timestamptz;
ALTER TABLE agent_sessions ADD COLUMN shared_by uuid;
