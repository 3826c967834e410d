package dev.custos.knowledge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;

import dev.custos.platform.web.CustosException;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.xml.sax.SAXException;

/**
 * Turns an uploaded document into text with Apache Tika: PDF, Word (.docx, .doc), HTML, Markdown and plain text.
 * The type is detected from the bytes (the name only helps), other types are refused, and the text is capped so a
 * compressed bomb cannot expand without bound; an encrypted document is refused with a clear problem.
 */
@Component
class DocumentText {

    static final int MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
    static final int MAX_TEXT_CHARS = 5_000_000;

    private static final Set<String> ACCEPTED = Set.of("application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/msword",
            "application/x-tika-ooxml", "application/x-tika-msoffice",
            "text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-web-markdown");

    /** What was read: the detected type and the text. */
    record Extracted(String mediaType, String text) {
    }

    private final AutoDetectParser parser = new AutoDetectParser();

    Extracted extract(String fileName, byte[] bytes) {
        if (bytes.length == 0) {
            throw CustosException.invalid("document-empty", "The document is empty.");
        }
        if (bytes.length > MAX_UPLOAD_BYTES) {
            throw new CustosException(HttpStatus.CONTENT_TOO_LARGE, "document-too-large",
                    "A document may be at most " + MAX_UPLOAD_BYTES / (1024 * 1024) + " MB.");
        }
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        String type;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            type = parser.getDetector().detect(in, metadata).getBaseType().toString();
        } catch (IOException e) {
            throw unreadable();
        }
        if (type.equals("text/plain") && fileName.toLowerCase(Locale.ROOT).endsWith(".md")) {
            type = "text/markdown";
        }
        if (!ACCEPTED.contains(type)) {
            throw new CustosException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "document-type-unsupported",
                    "Documents may be PDF, Word, HTML, Markdown or plain text; this one is " + type + ".");
        }
        BodyContentHandler handler = new BodyContentHandler(MAX_TEXT_CHARS);
        ParseContext context = new ParseContext();
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            if (type.startsWith("text/plain") || type.startsWith("text/markdown")) {
                metadata.set(Metadata.CONTENT_TYPE, MediaType.TEXT_PLAIN.toString());
            }
            parser.parse(in, handler, metadata, context);
        } catch (EncryptedDocumentException e) {
            throw CustosException.invalid("document-encrypted",
                    "The document is encrypted (password-protected); upload it without the password.");
        } catch (ZeroByteFileException e) {
            throw CustosException.invalid("document-empty", "The document is empty.");
        } catch (SAXException | TikaException | IOException | RuntimeException e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) { // however deep a parser wrapped it
                throw new CustosException(HttpStatus.CONTENT_TOO_LARGE, "document-too-large", "The document holds "
                        + "more than " + MAX_TEXT_CHARS + " characters of text; split it into smaller documents.");
            }
            if (suspectedBomb(e)) {
                throw new CustosException(HttpStatus.CONTENT_TOO_LARGE, "document-too-large", "The document expands "
                        + "to far more than its size suggests (a compression bomb), so it is not read.");
            }
            throw unreadable();
        }
        String text = handler.toString().strip();
        if (text.isEmpty()) {
            throw CustosException.invalid("document-without-text", "No text could be read from the document (a "
                    + "scanned PDF needs text recognition first).");
        }
        return new Extracted(type, text);
    }

    /** Tika's guard against compression bombs says so in its exception, however deep it is wrapped. */
    private static boolean suspectedBomb(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains("Suspected zip bomb")) {
                return true;
            }
        }
        return false;
    }

    private static CustosException unreadable() {
        return CustosException.invalid("document-unreadable", "The document could not be read: it is damaged, or "
                + "not what its type says.");
    }
}
