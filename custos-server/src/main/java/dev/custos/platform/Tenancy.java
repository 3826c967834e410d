package dev.custos.platform;

import java.util.function.Supplier;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
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
    private static final String SUBJECT = "app.subject_id";

    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final DataSource dataSource;

    Tenancy(TransactionTemplate transactions, JdbcClient jdbc, DataSource dataSource) {
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /** Runs work that sees the rows of one workspace, on behalf of a person (or the system when null). */
    public <T> T inWorkspace(WorkspaceId workspace, @Nullable PersonId person, Supplier<T> work) {
        return bound(new Context(workspace.toString(), person == null ? "" : person.toString(), "", ""), work);
    }

    public void inWorkspace(WorkspaceId workspace, @Nullable PersonId person, Runnable work) {
        inWorkspace(workspace, person, () -> {
            work.run();
            return null;
        });
    }

    /** Runs work that sees no workspace, only the rows policies grant to this person (their own memberships). */
    public <T> T asPerson(PersonId person, Supplier<T> work) {
        return bound(new Context("", person.toString(), "", ""), work);
    }

    /**
     * Runs work that may see the one row whose secret hash it presents (an invitation or an API key), whatever
     * workspace owns it: knowing the secret is the capability, so no workspace needs to be named first.
     */
    public <T> T withCredential(String credentialHash, Supplier<T> work) {
        return bound(new Context("", "", credentialHash, ""), work);
    }

    /**
     * Runs work that sees the rows about one person in every workspace (their memberships, sessions, usage...)
     * and no others: for carrying out that person's verified data-subject request.
     */
    public <T> T asSubject(PersonId subject, Supplier<T> work) {
        return bound(new Context("", "", "", subject.toString()), work);
    }

    private <T> T bound(Context wanted, Supplier<T> work) {
        return transactions.execute(status -> {
            // The context applied to this transaction's connection is remembered beside it, so a nested call in
            // the same context costs no round trip and a switch costs one (and one to switch back).
            Object connection = TransactionSynchronizationManager.getResource(dataSource);
            Context previous = (Context) TransactionSynchronizationManager.getResource(key(connection));
            if (!wanted.equals(previous)) {
                apply(wanted);
                remember(connection, wanted);
            }
            try {
                T result = work.get();
                if (previous != null && !previous.equals(wanted)) {
                    apply(previous);
                }
                return result;
            } finally {
                // Not restored in the database on failure: the transaction is then rolled back, settings with it.
                remember(connection, previous);
            }
        });
    }

    private static void remember(Object connection, @Nullable Context context) {
        ContextKey key = key(connection);
        if (TransactionSynchronizationManager.hasResource(key)) {
            TransactionSynchronizationManager.unbindResource(key);
        }
        if (context != null) {
            TransactionSynchronizationManager.bindResource(key, context);
        }
    }

    /** One key per connection holder: a nested REQUIRES_NEW transaction has its own connection and context. */
    private static ContextKey key(@Nullable Object connection) {
        return new ContextKey(connection == null ? new Object() : connection);
    }

    private record ContextKey(Object connection) {
        @Override
        public boolean equals(Object other) {
            return other instanceof ContextKey key && key.connection == connection;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(connection);
        }
    }

    private void apply(Context context) {
        jdbc.sql("SELECT set_config(:w, :wv, true), set_config(:p, :pv, true), set_config(:c, :cv, true), "
                        + "set_config(:s, :sv, true)")
                .param("w", WORKSPACE).param("wv", orEmpty(context.workspace))
                .param("p", PERSON).param("pv", orEmpty(context.person))
                .param("c", CREDENTIAL).param("cv", orEmpty(context.credential))
                .param("s", SUBJECT).param("sv", orEmpty(context.subject))
                .query((rs, n) -> 1).single();
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }

    private record Context(@Nullable String workspace, @Nullable String person, @Nullable String credential,
                           @Nullable String subject) {
    }
}
