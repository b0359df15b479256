package io.extauth.notification.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills {@code ${placeholder}}s of the templates under {@code mail/}; values are HTML-escaped in HTML bodies. */
public final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");
    /**
     * Each template split into its text and its placeholders once, when first used: every e-mail used to search the
     * whole template with the regular expression and copy it through a matcher's replacement, three times per e-mail.
     */
    private static final Map<String, Filling> LOADED = new ConcurrentHashMap<>();
    private static final Map<MailTemplate, Filling> SUBJECTS = new EnumMap<>(MailTemplate.class);

    static {
        for (MailTemplate template : MailTemplate.values()) {
            SUBJECTS.put(template, Filling.of(template.subject()));
        }
    }

    private Templates() {
    }

    public static String text(MailTemplate template, Map<String, String> values) {
        return load(template.templateName() + ".txt").fill(values, false);
    }

    public static String html(MailTemplate template, Map<String, String> values) {
        return load(template.templateName() + ".html").fill(values, true);
    }

    public static String subject(MailTemplate template, Map<String, String> values) {
        return SUBJECTS.get(template).fill(values, false);
    }

    /** A placeholder without a value is a bug in the template or its caller: refuse rather than mail "${x}". */
    static String fill(String template, Map<String, String> values, boolean html) {
        return Filling.of(template).fill(values, html);
    }

    /**
     * What a template says around its placeholders: {@code texts} has one more element than {@code names}, the text
     * before each placeholder and, last, the text after the last one.
     */
    private record Filling(List<String> texts, List<String> names, int length) {

        static Filling of(String template) {
            List<String> texts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            Matcher matcher = PLACEHOLDER.matcher(template);
            int end = 0;
            while (matcher.find()) {
                texts.add(template.substring(end, matcher.start()));
                names.add(matcher.group(1));
                end = matcher.end();
            }
            texts.add(template.substring(end));
            return new Filling(List.copyOf(texts), List.copyOf(names), template.length());
        }

        String fill(Map<String, String> values, boolean html) {
            StringBuilder filled = new StringBuilder(length + 16 * names.size());
            for (int i = 0; i < names.size(); i++) {
                String value = values.get(names.get(i));
                if (value == null) {
                    throw new IllegalStateException("No value for placeholder ${" + names.get(i) + "}");
                }
                filled.append(texts.get(i));
                if (html) {
                    escapeInto(value, filled);
                } else {
                    filled.append(value);
                }
            }
            return filled.append(texts.get(names.size())).toString();
        }
    }

    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        escapeInto(value, escaped);
        return escaped.toString();
    }

    /** {@code & < > " '} as entities, in one pass over the value. */
    private static void escapeInto(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }

    private static Filling load(String name) {
        return LOADED.computeIfAbsent(name, Templates::read);
    }

    private static Filling read(String name) {
        try (InputStream in = Templates.class.getResourceAsStream("/mail/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Mail template mail/" + name + " is missing");
            }
            return Filling.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
