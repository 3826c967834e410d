package dev.custos.platform;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.SqlTypeValue;

/**
 * An identifier that says what it identifies (a session, an agent...) instead of a bare {@link UUID}, so that one
 * cannot be passed where another is meant. It binds itself as its UUID in SQL ({@link SqlTypeValue}): passing it to
 * {@code JdbcClient.param} is as safe as passing {@link #id()}.
 */
public interface TypedId extends SqlTypeValue, Serializable {

    UUID id();

    @Override
    default void setTypeValue(PreparedStatement statement, int index, int sqlType, @Nullable String typeName)
            throws SQLException {
        statement.setObject(index, id());
    }
}
