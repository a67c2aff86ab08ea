package dev.sagebox.protocol.s3;

import java.nio.charset.StandardCharsets;

/** Builds an S3 XML document as text. Element names are ours; every value is escaped. */
final class XmlWriter {
    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final StringBuilder xml = new StringBuilder(512).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    /** A document whose root element carries the S3 namespace. */
    static XmlWriter document(String root) {
        XmlWriter writer = new XmlWriter();
        writer.xml.append('<').append(root).append(" xmlns=\"").append(NAMESPACE).append("\">");
        return writer;
    }

    /** A document whose root element has no namespace (the {@code <Error>} shape). */
    static XmlWriter bare(String root) {
        XmlWriter writer = new XmlWriter();
        writer.xml.append('<').append(root).append('>');
        return writer;
    }

    XmlWriter start(String name) {
        xml.append('<').append(name).append('>');
        return this;
    }

    XmlWriter end(String name) {
        xml.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name>value</name>}; nothing when the value is null. */
    XmlWriter element(String name, Object value) {
        if (value != null) {
            xml.append('<').append(name).append('>');
            escape(value.toString());
            xml.append("</").append(name).append('>');
        }
        return this;
    }

    /** Escaped text inside the current element. */
    XmlWriter text(String value) {
        escape(value);
        return this;
    }

    byte[] finish(String root) {
        end(root);
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                case '\r' -> xml.append("&#13;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n') {
                        // XML 1.0 cannot carry other control characters; S3 clients ask for encoding-type=url then
                        xml.append("&#").append((int) c).append(';');
                    } else {
                        xml.append(c);
                    }
                }
            }
        }
    }
}
