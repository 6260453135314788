package dev.clipshare.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the runner cuts a script into statements. */
class SchemaRunnerTest {

    @Test
    void statementsEndAtSemicolonsOutsideQuotesAndCommentsAreDropped() {
        String script = """
                -- a comment; with a semicolon
                CREATE TABLE t (a INT COMMENT 'x; y', b VARCHAR(5) DEFAULT 'it''s'); -- trailing; comment
                CREATE INDEX i ON t (a);

                -- the end
                """;

        assertThat(SchemaRunner.statements(script)).containsExactly(
                "CREATE TABLE t (a INT COMMENT 'x; y', b VARCHAR(5) DEFAULT 'it''s')",
                "CREATE INDEX i ON t (a)");
    }

    @Test
    void theShippedScriptsAreListedInVersionOrder() {
        assertThat(SchemaRunner.MIGRATIONS).extracting(SchemaRunner.Migration::version).containsExactly(1, 2, 3, 4, 5);
        assertThat(SchemaRunner.latestVersion()).isEqualTo(5);
        for (SqlDialect d : new SqlDialect[] {SqlDialect.POSTGRESQL, SqlDialect.MYSQL, SqlDialect.H2}) {
            for (SchemaRunner.Migration m : SchemaRunner.MIGRATIONS) {
                assertThat(SchemaRunner.script(SchemaRunner.SCHEMA_ROOT, d, m.file(), new Tables("p_"))).containsPattern("p_(exports|rate_limits|shares)").doesNotContain("${");
            }
        }
    }
}
