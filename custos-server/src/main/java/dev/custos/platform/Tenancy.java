package dev.custos.platform;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Binds the tenant context to a transaction with {@code set_config(..., true)} (the same as {@code SET LOCAL}),
 * which the row-level security policies read. Work on workspace data runs inside one of these methods; a query
 * outside them sees no workspace rows at all.
 *
 * <p>Called within an existing transaction, the context is switched for the duration of the work and restored
 * afterwards, so one transaction may touch two workspaces on purpose (accepting an invitation, for instance).
 */
@Component
public class Tenancy {

    private static final String WORKSPACE = "app.workspace_id";
    private static final String PERSON = "app.person_id";
    private static final String CREDENTIAL = "app.credential_hash";

    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;

    Tenancy(TransactionTemplate transactions, JdbcClient jdbc) {
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    /** Runs work that sees the rows of one workspace, on behalf of a person (or the system when null). */
    public <T> T inWorkspace(WorkspaceId workspace, @Nullable PersonId person, Supplier<T> work) {
        return bound(workspace.toString(), person == null ? "" : person.toString(), "", work);
    }

    public void inWorkspace(WorkspaceId workspace, @Nullable PersonId person, Runnable work) {
        inWorkspace(workspace, person, () -> {
            work.run();
            return null;
        });
    }

    /** Runs work that sees no workspace, only the rows policies grant to this person (their own memberships). */
    public <T> T asPerson(PersonId person, Supplier<T> work) {
        return bound("", person.toString(), "", work);
    }

    /**
     * Runs work that may see the one row whose secret hash it presents (an invitation or an API key), whatever
     * workspace owns it: knowing the secret is the capability, so no workspace needs to be named first.
     */
    public <T> T withCredential(String credentialHash, Supplier<T> work) {
        return bound("", "", credentialHash, work);
    }

    private <T> T bound(String workspace, String person, String credential, Supplier<T> work) {
        return transactions.execute(status -> {
            Context previous = jdbc.sql("""
                    SELECT current_setting('app.workspace_id', true) AS workspace,
                           current_setting('app.person_id', true) AS person,
                           current_setting('app.credential_hash', true) AS credential
                    """).query((rs, n) -> new Context(rs.getString(1), rs.getString(2), rs.getString(3))).single();
            apply(new Context(workspace, person, credential));
            T result = work.get();
            // Not restored on failure: the transaction is then rolled back and its settings with it.
            apply(previous);
            return result;
        });
    }

    private void apply(Context context) {
        jdbc.sql("SELECT set_config(:w, :wv, true), set_config(:p, :pv, true), set_config(:c, :cv, true)")
                .param("w", WORKSPACE).param("wv", orEmpty(context.workspace))
                .param("p", PERSON).param("pv", orEmpty(context.person))
                .param("c", CREDENTIAL).param("cv", orEmpty(context.credential))
                .query((rs, n) -> 1).single();
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }

    private record Context(@Nullable String workspace, @Nullable String person, @Nullable String credential) {
    }
}
