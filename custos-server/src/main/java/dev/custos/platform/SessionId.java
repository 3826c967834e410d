package dev.custos.platform;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.SqlTypeValue;

/**
 * An agent session. Binds itself as its UUID in SQL ({@link SqlTypeValue}), so passing it to
 * {@code JdbcClient.param} is as safe as passing its {@link #id()}.
 */
public record SessionId(@JsonValue UUID id) implements Serializable, SqlTypeValue {

    public SessionId {
        Objects.requireNonNull(id, "id");
    }

    public static SessionId random() {
        return new SessionId(UUID.randomUUID());
    }

    @Override
    public void setTypeValue(PreparedStatement statement, int index, int sqlType, @Nullable String typeName)
            throws SQLException {
        statement.setObject(index, id);
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
