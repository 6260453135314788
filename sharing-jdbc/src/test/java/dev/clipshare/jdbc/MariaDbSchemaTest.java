package dev.clipshare.jdbc;

/** The shipped scripts, the runner, Flyway and the contract on an upgraded schema, on MariaDB. */
class MariaDbSchemaTest extends SchemaTests {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
