-- An erasure a legal hold reaches (RT-09) erases everything else, then waits ("held") to erase the rest once the
-- hold is released; the workspaces it could not delete yet (they hold held data) are remembered for then.
ALTER TABLE erasure_jobs DROP CONSTRAINT erasure_jobs_step_check;
ALTER TABLE erasure_jobs ADD CONSTRAINT erasure_jobs_step_check
    CHECK (step IN ('shred', 'workspaces', 'rows', 'held', 'done'));
ALTER TABLE erasure_jobs ADD COLUMN spared_workspaces uuid[] NOT NULL DEFAULT '{}';
