-- Usage logs partitioned by day (UTC), so that expiry (RT-03) drops whole days instead of deleting row by row:
-- a partition drop costs the same for ten rows or ten million and leaves no dead tuples to vacuum.
--
-- A unique key of a partitioned table must include the partition key, so "a call is metered once" is no longer
-- a primary key: Metering serialises on the call id (an advisory lock) and inserts only when the call is absent.
ALTER TABLE usage_records RENAME TO usage_records_before_partitioning;
ALTER INDEX usage_records_by_time RENAME TO usage_records_before_partitioning_by_time;
ALTER INDEX usage_records_pkey RENAME TO usage_records_before_partitioning_pkey;

CREATE TABLE usage_records (
    workspace_id  uuid        NOT NULL,
    call_id       uuid        NOT NULL,   -- the model call metered; a retry of the same call is not metered again
    occurred_at   timestamptz NOT NULL,
    person_id     uuid        NOT NULL,
    agent_id      uuid,
    api_key_id    uuid,
    session_id    uuid,
    provider_id   uuid        NOT NULL,
    model         text        NOT NULL,
    input_tokens  bigint      NOT NULL CHECK (input_tokens >= 0),
    output_tokens bigint      NOT NULL CHECK (output_tokens >= 0),
    tool_calls    integer     NOT NULL CHECK (tool_calls >= 0)
) PARTITION BY RANGE (occurred_at);

CREATE INDEX usage_records_by_time ON usage_records (workspace_id, occurred_at);
CREATE INDEX usage_records_by_call ON usage_records (workspace_id, call_id);
CREATE INDEX usage_records_by_person ON usage_records (person_id);

-- Rows outside every day's partition (older than the first, or further ahead than partitions are made) land
-- here; retention deletes them row by row.
CREATE TABLE usage_records_other PARTITION OF usage_records DEFAULT;

-- Row-level security is on the partitioned table: every query goes through it. The application role has no
-- privilege on any partition, so a partition cannot be read around the policy.
ALTER TABLE usage_records ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_records_tenant ON usage_records FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY usage_records_subject ON usage_records FOR SELECT USING (person_id = app_subject_id());
ALTER TABLE usage_records_other ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON usage_records TO ${app_role};

-- Makes the day partition that holds `day` (UTC) if it is missing, moving in any rows of that day that had
-- landed in the default partition, so attaching it never fails.
CREATE FUNCTION usage_partition_make(day date) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public AS
$$
DECLARE
    name  text        := 'usage_records_p' || to_char(day, 'YYYYMMDD');
    lower timestamptz := day::timestamp AT TIME ZONE 'UTC';
    upper timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
    IF to_regclass(name) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE usage_records INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
    EXECUTE format('WITH moved AS (DELETE FROM usage_records_other WHERE occurred_at >= $1 AND occurred_at < $2 '
                   'RETURNING *) INSERT INTO %I SELECT * FROM moved', name) USING lower, upper;
    EXECUTE format('ALTER TABLE usage_records ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, lower, upper);
    RETURN true;
END
$$;

-- Makes sure the days from `first` through `first + ahead` have partitions; returns how many were made.
CREATE FUNCTION usage_partitions_ensure(first date, ahead integer) RETURNS integer LANGUAGE sql SECURITY DEFINER
    SET search_path = public AS
$$ SELECT count(*)::integer FROM generate_series(0, ahead) AS d WHERE usage_partition_make(first + d) $$;

-- Drops every day partition that ended on or before `cutoff`, except one holding rows a standing legal hold
-- names (RT-09): retention deletes the rest of such a day row by row. Returns each dropped day and its rows.
CREATE FUNCTION usage_partitions_expire(cutoff timestamptz)
    RETURNS TABLE (day date, rows_dropped bigint) LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
$$
DECLARE
    part record;
    held boolean := false;
    any_hold boolean := EXISTS (SELECT 1 FROM legal_holds
                                WHERE released_at IS NULL AND 'usage_records' = ANY(tables));
BEGIN
    FOR part IN
        SELECT c.relname AS name, to_date(substr(c.relname, 16), 'YYYYMMDD') AS partition_day
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'usage_records'::regclass AND c.relname ~ '^usage_records_p[0-9]{8}$'
        ORDER BY 2
    LOOP
        EXIT WHEN (part.partition_day + 1)::timestamp AT TIME ZONE 'UTC' > cutoff;
        IF any_hold THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I t JOIN legal_holds h ON h.released_at IS NULL '
                           'AND ''usage_records'' = ANY(h.tables) '
                           'AND (h.held_workspace_id IS NULL OR h.held_workspace_id = t.workspace_id) '
                           'AND (h.person_id IS NULL OR h.person_id = t.person_id))', part.name) INTO held;
            CONTINUE WHEN held;
        END IF;
        day := part.partition_day;
        EXECUTE format('SELECT count(*) FROM %I', part.name) INTO rows_dropped;
        EXECUTE format('ALTER TABLE usage_records DETACH PARTITION %I', part.name);
        EXECUTE format('DROP TABLE %I', part.name);
        RETURN NEXT;
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION usage_partition_make(date) FROM PUBLIC;
REVOKE ALL ON FUNCTION usage_partitions_ensure(date, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION usage_partitions_expire(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION usage_partitions_ensure(date, integer) TO ${app_role};
GRANT EXECUTE ON FUNCTION usage_partitions_expire(timestamptz) TO ${app_role};

-- Today and the week ahead, then the rows so far (each lands in its day, or in the default partition).
SELECT usage_partitions_ensure((now() AT TIME ZONE 'UTC')::date, 7);
INSERT INTO usage_records SELECT * FROM usage_records_before_partitioning;
DROP TABLE usage_records_before_partitioning;
