package dev.custos.platform.database;

/** A role Custos signs in to PostgreSQL with. Its {@code toString} leaves the password out. */
public record DatabaseRole(String username, String password) {

    @Override
    public String toString() {
        return "DatabaseRole[" + username + "]";
    }
}
