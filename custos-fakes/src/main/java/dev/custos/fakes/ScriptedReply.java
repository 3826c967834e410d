package dev.custos.fakes;

import java.util.ArrayList;
import java.util.List;

/** One scripted answer: text, a tool call or an error, and how its stream misbehaves, if it does. */
final class ScriptedReply {

    /** Streamed a few characters a chunk, so that values split across chunks. */
    static final int CHUNK_CHARS = 4;

    String text = "";
    String toolName;
    String toolArguments;
    int errorStatus;
    String errorType;
    String errorCode;
    String errorParam;
    boolean malformed;
    boolean cutOff;
    boolean streamError;
    boolean stall;
    long delayMillis;

    static ScriptedReply text(String text) {
        ScriptedReply reply = new ScriptedReply();
        reply.text = text;
        return reply;
    }

    static ScriptedReply toolCall(String name, String arguments) {
        ScriptedReply reply = new ScriptedReply();
        reply.toolName = name;
        reply.toolArguments = arguments;
        return reply;
    }

    static ScriptedReply error(int status, String type) {
        ScriptedReply reply = new ScriptedReply();
        reply.errorStatus = status;
        reply.errorType = type;
        return reply;
    }

    ScriptedReply code(String code, String param) {
        errorCode = code;
        errorParam = param;
        return this;
    }

    ScriptedReply malformed() {
        malformed = true;
        return this;
    }

    ScriptedReply cutOff() {
        cutOff = true;
        return this;
    }

    ScriptedReply streamError() {
        streamError = true;
        return this;
    }

    ScriptedReply slow() {
        delayMillis = 200;
        return this;
    }

    ScriptedReply stall() {
        stall = true;
        return this;
    }

    List<String> textChunks() {
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < text.length(); i += CHUNK_CHARS) {
            chunks.add(text.substring(i, Math.min(text.length(), i + CHUNK_CHARS)));
        }
        return chunks;
    }

    List<String> argumentFragments() {
        int half = toolArguments.length() / 2;
        return List.of(toolArguments.substring(0, half), toolArguments.substring(half));
    }

    long completionTokens() {
        return Math.max(1, (text.length() + (toolArguments == null ? 0 : toolArguments.length())) / 4);
    }
}
