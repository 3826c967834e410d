package dev.custos.platform.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Text Custos can store as it was sent. PostgreSQL refuses the NUL character, and a lone UTF-16 surrogate has no
 * UTF-8 form (the driver would store "?"): both are refused with 400 at the edge, before anything is written.
 */
@Configuration(proxyBeanMethods = false)
public class StorableText {

    static final String TYPE = "unstorable-text";
    static final String MESSAGE = "Text may not contain the NUL character or an unpaired surrogate.";

    /** True when every character can be stored and read back unchanged. */
    public static boolean isStorable(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static CustosException refusal() {
        return CustosException.invalid(TYPE, MESSAGE);
    }

    /** Every JSON string bound to a String goes through this check. */
    @Bean
    JacksonModule storableTextModule() {
        return new SimpleModule("storable-text").addDeserializer(String.class, new Deserializer());
    }

    private static final class Deserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String text = super.deserialize(parser, context);
            if (text != null && !isStorable(text)) {
                throw refusal();
            }
            return text;
        }
    }
}
