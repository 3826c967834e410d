package dev.custos.privacy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.custos.platform.personaldata.MappedTable;
import dev.custos.platform.personaldata.OwnedTables;
import dev.custos.platform.personaldata.RetentionRule;
import org.springframework.stereotype.Component;

/**
 * Which module owns each table of the data map, from the {@link OwnedTables} every module declares: the privacy
 * engine hands each table's part of a privacy action to its owner and writes no other module's table itself.
 * Checked at start: every mapped table has exactly one owner, and no owner claims a table the map lacks.
 */
@Component
public class TableOwners {

    private final Map<String, OwnedTables> byTable = new HashMap<>();
    private final Map<RetentionRule, OwnedTables> byExpiry = new HashMap<>();

    TableOwners(List<OwnedTables> owners, DataMap map) {
        for (OwnedTables owner : owners) {
            for (String table : owner.tables()) {
                OwnedTables other = byTable.putIfAbsent(table, owner);
                if (other != null) {
                    throw new IllegalStateException("Table " + table + " is claimed by both "
                            + other.getClass().getSimpleName() + " and " + owner.getClass().getSimpleName());
                }
            }
            owner.expiries().forEach(expiry -> byExpiry.put(expiry, owner));
        }
        var mapped = new TreeSet<>(map.tables().stream().map(MappedTable::name).toList());
        var unowned = new TreeSet<>(mapped);
        unowned.removeAll(byTable.keySet());
        var unmapped = new TreeSet<>(byTable.keySet());
        unmapped.removeAll(mapped);
        if (!unowned.isEmpty() || !unmapped.isEmpty()) {
            throw new IllegalStateException("The data map and the modules' tables disagree: no module owns "
                    + unowned + "; the map lacks " + unmapped);
        }
    }

    /** The module that owns the table. */
    public OwnedTables of(MappedTable table) {
        return of(table.name());
    }

    public OwnedTables of(String table) {
        OwnedTables owner = byTable.get(table);
        if (owner == null) {
            throw new IllegalArgumentException("No module owns table " + table);
        }
        return owner;
    }

    /** The module whose tables the rule expires. */
    public OwnedTables expiring(RetentionRule rule) {
        OwnedTables owner = byExpiry.get(rule);
        if (owner == null) {
            throw new IllegalArgumentException("No module carries out the retention rule " + rule);
        }
        return owner;
    }
}
