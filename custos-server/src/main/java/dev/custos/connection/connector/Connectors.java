package dev.custos.connection.connector;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/** The built-in connectors by kind. */
@Component
public class Connectors {

    private final Map<ConnectorKind, Connector> byKind = new EnumMap<>(ConnectorKind.class);

    Connectors(List<Connector> connectors) {
        connectors.forEach(connector -> byKind.put(connector.kind(), connector));
    }

    public Connector of(ConnectorKind kind) {
        Connector connector = byKind.get(kind);
        if (connector == null) {
            throw new IllegalStateException("no connector for " + kind);
        }
        return connector;
    }
}
