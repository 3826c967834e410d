-- Page analytics on consent (ID-08, analytics cookies): views per page and day, by the pseudonym of a random
-- visitor cookie. Pages are named by their route (/workspaces/{id}), never by an id; no person, no address. A
-- withdrawal deletes the device's rows; retention deletes everything after 90 days.
CREATE TABLE page_visits (
    day          date    NOT NULL,
    page         text    NOT NULL,
    visitor_hash text    NOT NULL,   -- SHA-256 of the CUSTOS_VISITOR cookie's random value
    views        integer NOT NULL CHECK (views > 0),
    PRIMARY KEY (day, page, visitor_hash)
);
CREATE INDEX page_visits_by_visitor ON page_visits (visitor_hash);
GRANT SELECT, INSERT, UPDATE, DELETE ON page_visits TO ${app_role};
