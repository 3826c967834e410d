package dev.custos.connection.connector;

import java.util.ArrayList;
import java.util.List;

/** JSON Schemas of operations' arguments, written as {@code "name"}, {@code "name!"} (required), {@code "n!:integer"}. */
final class Schemas {

    private Schemas() {
    }

    static String object(String... fields) {
        List<String> properties = new ArrayList<>();
        List<String> required = new ArrayList<>();
        for (String field : fields) {
            String[] nameAndType = field.split(":", 2);
            String name = nameAndType[0].replace("!", "");
            String type = nameAndType.length == 2 ? nameAndType[1] : "string";
            properties.add("\"" + name + "\":{\"type\":\"" + type + "\"}");
            if (nameAndType[0].endsWith("!")) {
                required.add("\"" + name + "\"");
            }
        }
        return "{\"type\":\"object\",\"properties\":{" + String.join(",", properties) + "},\"required\":["
                + String.join(",", required) + "]}";
    }
}
