package dev.clipshare.jdbc;

/** The shipped scripts, the runner, Flyway and the contract on an upgraded schema, on H2. */
class H2SchemaTest extends SchemaTests {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
