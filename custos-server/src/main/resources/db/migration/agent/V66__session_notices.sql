-- A session followed on another node than the one running it: each event committed says 'session:<id>:<seq>' on
-- custos_changes (ChangeNotices), and the follower's node wakes the session's readers at once instead of polling.
-- The payload names the session and the event's number, never what it holds.
CREATE FUNCTION custos_notify_session_event() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('custos_changes', 'session:' || NEW.session_id || ':' || NEW.seq);
    RETURN NULL;
END
$$;

CREATE TRIGGER session_events_notice AFTER INSERT ON session_events
    FOR EACH ROW EXECUTE FUNCTION custos_notify_session_event();
