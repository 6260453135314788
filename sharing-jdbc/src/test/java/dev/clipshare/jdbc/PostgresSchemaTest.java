package dev.clipshare.jdbc;

/** The shipped scripts, the runner, Flyway and the contract on an upgraded schema, on PostgreSQL. */
class PostgresSchemaTest extends SchemaTests {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRESQL;
    }
}
