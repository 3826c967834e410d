package dev.custos.privacy;

import dev.custos.privacy.export.ExportZip;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The export's CSV fields as RFC 4180 has them, so that any spreadsheet or parser reads them back whole. */
class ExportCsvTest {

    @Test
    @Tag("DR-02")
    @DisplayName("a field holding a comma, a quote or a line break is quoted, quotes doubled; others stay bare")
    void rfc4180Fields() {
        assertThat(ExportZip.csv("plain text")).isEqualTo("plain text");
        assertThat(ExportZip.csv("")).isEmpty();
        assertThat(ExportZip.csv("Berlin, Germany")).isEqualTo("\"Berlin, Germany\"");
        assertThat(ExportZip.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ExportZip.csv("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(ExportZip.csv("carriage\rreturn")).isEqualTo("\"carriage\rreturn\"");
        assertThat(ExportZip.csv("{\"a\":1,\"b\":2}")).as("JSON in a cell").isEqualTo("\"{\"\"a\"\":1,\"\"b\"\":2}\"");
    }
}
