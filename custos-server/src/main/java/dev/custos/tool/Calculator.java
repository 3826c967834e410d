package dev.custos.tool;

import java.math.BigDecimal;
import java.math.MathContext;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Arithmetic for agents: + - * / ^, parentheses, unary minus and decimals, in 34-digit decimal arithmetic. A
 * small recursive-descent parser, so nothing the model writes is ever evaluated as code.
 */
@Component
public class Calculator implements Tool {

    private static final int MAX_LENGTH = 500;
    private static final int MAX_EXPONENT = 1000;

    private final JsonMapper json;

    public Calculator(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "calculator";
    }

    @Override
    public String description() {
        return "Evaluates an arithmetic expression with + - * / ^ and parentheses, exactly, in decimal.";
    }

    @Override
    public String parametersSchema() {
        return """
                {"type":"object","properties":{"expression":{"type":"string","maxLength":500,\
                "description":"for example (1.5 + 2) * 3^2"}},"required":["expression"],"additionalProperties":false}""";
    }

    @Override
    public String call(ToolContext context, String argumentsJson) {
        String expression;
        try {
            expression = json.readTree(argumentsJson).path("expression").asString("");
        } catch (JacksonException e) {
            throw new ToolFailed("The arguments are not valid JSON.");
        }
        if (expression.isBlank() || expression.length() > MAX_LENGTH) {
            throw new ToolFailed("Give an expression of 1 to " + MAX_LENGTH + " characters.");
        }
        return evaluate(expression).stripTrailingZeros().toPlainString();
    }

    BigDecimal evaluate(String expression) {
        var parser = new Parser(expression);
        BigDecimal value = parser.sum();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw new ToolFailed("Unexpected '" + parser.peek() + "' at position " + (parser.position + 1) + ".");
        }
        return value;
    }

    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        BigDecimal sum() {
            BigDecimal value = product();
            for (skipSpaces(); !atEnd() && (peek() == '+' || peek() == '-'); skipSpaces()) {
                char op = text.charAt(position++);
                BigDecimal right = product();
                value = op == '+' ? value.add(right, MathContext.DECIMAL128) : value.subtract(right, MathContext.DECIMAL128);
            }
            return value;
        }

        BigDecimal product() {
            BigDecimal value = power();
            for (skipSpaces(); !atEnd() && (peek() == '*' || peek() == '/'); skipSpaces()) {
                char op = text.charAt(position++);
                BigDecimal right = power();
                if (op == '/' && right.signum() == 0) {
                    throw new ToolFailed("Division by zero.");
                }
                value = op == '*' ? value.multiply(right, MathContext.DECIMAL128)
                        : value.divide(right, MathContext.DECIMAL128);
            }
            return value;
        }

        BigDecimal power() {
            BigDecimal base = unary();
            skipSpaces();
            if (!atEnd() && peek() == '^') {
                position++;
                BigDecimal exponent = power(); // right-associative: 2^3^2 = 2^9
                if (exponent.stripTrailingZeros().scale() > 0 || exponent.abs().intValue() > MAX_EXPONENT) {
                    throw new ToolFailed("Exponents must be whole numbers up to " + MAX_EXPONENT + ".");
                }
                int n = exponent.intValue();
                return n >= 0 ? base.pow(n, MathContext.DECIMAL128)
                        : BigDecimal.ONE.divide(base.pow(-n, MathContext.DECIMAL128), MathContext.DECIMAL128);
            }
            return base;
        }

        BigDecimal unary() {
            skipSpaces();
            if (!atEnd() && peek() == '-') {
                position++;
                return unary().negate();
            }
            return atom();
        }

        BigDecimal atom() {
            skipSpaces();
            if (atEnd()) {
                throw new ToolFailed("The expression ends too early.");
            }
            if (peek() == '(') {
                position++;
                BigDecimal value = sum();
                skipSpaces();
                if (atEnd() || peek() != ')') {
                    throw new ToolFailed("A closing parenthesis is missing.");
                }
                position++;
                return value;
            }
            int start = position;
            while (!atEnd() && (Character.isDigit(peek()) || peek() == '.')) {
                position++;
            }
            if (start == position) {
                throw new ToolFailed("Unexpected '" + peek() + "' at position " + (position + 1) + ".");
            }
            try {
                return new BigDecimal(text.substring(start, position));
            } catch (NumberFormatException e) {
                throw new ToolFailed("'" + text.substring(start, position) + "' is not a number.");
            }
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                position++;
            }
        }

        boolean atEnd() {
            return position >= text.length();
        }

        char peek() {
            return text.charAt(position);
        }
    }
}
