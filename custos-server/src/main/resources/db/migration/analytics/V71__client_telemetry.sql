-- The terminal client's telemetry, as the privacy policy words it (client version, operating system and
-- architecture, command names and timings, error reports), sent only by people who consented to product analytics
-- and have not objected. Kept as counts per day: no person, no file, no path, no argument; errors by their stable
-- slug only. Retention deletes a day's counts after a year.
CREATE TABLE client_telemetry_days (
    day      date   NOT NULL,
    client   text   NOT NULL CHECK (client ~ '^[a-z][a-z0-9-]{0,39}$'),
    version  text   NOT NULL CHECK (version ~ '^[0-9A-Za-z.+-]{1,40}$'),
    os       text   NOT NULL CHECK (os ~ '^[0-9A-Za-z ._-]{1,40}$'),
    arch     text   NOT NULL CHECK (arch ~ '^[0-9A-Za-z._-]{1,20}$'),
    command  text   NOT NULL CHECK (command ~ '^[a-z][a-z -]{0,59}$'),
    outcome  text   NOT NULL CHECK (outcome IN ('ok', 'failed')),
    error    text   NOT NULL DEFAULT '' CHECK (error ~ '^[a-z0-9-]{0,60}$'),
    runs     bigint NOT NULL CHECK (runs > 0),
    total_ms bigint NOT NULL CHECK (total_ms >= 0),
    PRIMARY KEY (day, client, version, os, arch, command, outcome, error)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON client_telemetry_days TO ${app_role};
