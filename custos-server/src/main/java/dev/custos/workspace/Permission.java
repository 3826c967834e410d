package dev.custos.workspace;

/** What an action in a workspace needs, and the API key scope that grants it. */
public enum Permission {
    READ("read"),
    WRITE("write"),
    MANAGE_MEMBERS("admin"),
    MANAGE_WORKSPACE("admin"),
    READ_AUDIT("admin"),
    /** Reading every member's sessions, not only one's own and those shared with the workspace (need-to-know). */
    REVIEW_SESSIONS("admin"),
    OWN("admin");

    private final String scope;

    Permission(String scope) {
        this.scope = scope;
    }

    /** The API key scope an action with this permission needs. */
    public String scope() {
        return scope;
    }
}
