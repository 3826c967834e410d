package dev.custos.workspace;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.custos.platform.web.CustosException;

/** A member's role in a workspace, from most to least powerful. */
public enum Role {
    OWNER(EnumSet.allOf(Permission.class)),
    ADMIN(EnumSet.of(Permission.READ, Permission.WRITE, Permission.MANAGE_MEMBERS, Permission.MANAGE_WORKSPACE,
            Permission.READ_AUDIT, Permission.REVIEW_SESSIONS)),
    MEMBER(EnumSet.of(Permission.READ, Permission.WRITE)),
    VIEWER(EnumSet.of(Permission.READ));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role of(String key) {
        for (Role role : values()) {
            if (role.key().equals(key)) {
                return role;
            }
        }
        throw CustosException.invalid("unknown-role", "Role must be one of owner, admin, member, viewer.");
    }
}
