-- Product analytics (legitimate interest): which features people use, by day, to decide what to build next.
-- One row per use: who (so an objection can stop it and delete it, DR-06), which feature, when. No content, no
-- workspace, no address. Kept one year.
CREATE TABLE product_events (
    person_id   uuid        NOT NULL,
    feature     text        NOT NULL,
    occurred_at timestamptz NOT NULL
);
CREATE INDEX product_events_by_time ON product_events (occurred_at);
CREATE INDEX product_events_by_person ON product_events (person_id);
GRANT SELECT, INSERT, DELETE ON product_events TO ${app_role};
