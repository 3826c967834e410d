-- A member's erasure leaves their content in processor-mode workspaces to the customer that controls it (DR-12):
-- the workspaces whose content is spared until the customer instructs are remembered with the job.
ALTER TABLE erasure_jobs ADD COLUMN customer_workspaces uuid[] NOT NULL DEFAULT '{}';
