package io.extauth.notification.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills {@code ${placeholder}}s of the templates under {@code mail/}; values are HTML-escaped in HTML bodies. */
public final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");
    private static final Map<String, String> LOADED = new ConcurrentHashMap<>();

    private Templates() {
    }

    public static String text(MailTemplate template, Map<String, String> values) {
        return fill(load(template.templateName() + ".txt"), values, false);
    }

    public static String html(MailTemplate template, Map<String, String> values) {
        return fill(load(template.templateName() + ".html"), values, true);
    }

    public static String subject(MailTemplate template, Map<String, String> values) {
        return fill(template.subject(), values, false);
    }

    /** A placeholder without a value is a bug in the template or its caller: refuse rather than mail "${x}". */
    static String fill(String template, Map<String, String> values, boolean html) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("No value for placeholder ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(html ? escape(value) : value));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String load(String name) {
        return LOADED.computeIfAbsent(name, Templates::read);
    }

    private static String read(String name) {
        try (InputStream in = Templates.class.getResourceAsStream("/mail/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Mail template mail/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
