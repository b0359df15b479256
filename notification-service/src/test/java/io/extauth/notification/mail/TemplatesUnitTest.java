package io.extauth.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every template, filled once split into its parts, is what the regular expression filled it to, character for character. */
class TemplatesUnitTest {

    private static final List<String> NAMES = List.of("accountId", "userId", "orderId", "vendor", "credential",
            "method", "until", "ending", "at", "changedBy", "changes", "changesInline", "challengeId", "channel",
            "reportedAt");
    private static final List<String> AWKWARD = List.of("plain-1234", "$1 and \\1 and $ alone", "${userId}",
            "<script>alert('x') & \"y\"</script>", "Grüße, Ж, 漢字, 😀", "", "line one\nline two\r\n\ttabbed ",
            "&amp; already escaped", "}{$");

    @Test
    void everyTemplateIsFilledExactlyAsTheRegularExpressionFilledIt() throws Exception {
        for (MailTemplate template : MailTemplate.values()) {
            String text = resource(template.templateName() + ".txt");
            String html = resource(template.templateName() + ".html");
            for (int shift = 0; shift < AWKWARD.size(); shift++) {
                Map<String, String> values = new HashMap<>();
                for (int i = 0; i < NAMES.size(); i++) {
                    values.put(NAMES.get(i), AWKWARD.get((i + shift) % AWKWARD.size()));
                }
                assertThat(Templates.text(template, values)).isEqualTo(byRegex(text, values, false));
                assertThat(Templates.html(template, values)).isEqualTo(byRegex(html, values, true));
                assertThat(Templates.subject(template, values)).isEqualTo(byRegex(template.subject(), values, false));
            }
        }
    }

    @Test
    void textAroundPlaceholdersAndWhatOnlyLooksLikeOneStayAsTheyAre() {
        Map<String, String> values = Map.of("a", "A", "b", "<B>");
        for (String template : List.of("", "no placeholder", "${a}", "${a}${b}", "x${a}y${b}z", "${a-b} $a {a} ${}",
                "$${a}}", "${ a}", "tail ${b}")) {
            assertThat(Templates.fill(template, values, false)).isEqualTo(byRegex(template, values, false));
            assertThat(Templates.fill(template, values, true)).isEqualTo(byRegex(template, values, true));
        }
    }

    /** The fill as it was until the seventh pass of issue 14: a regular expression over the template per e-mail. */
    private static String byRegex(String template, Map<String, String> values, boolean html) {
        Matcher matcher = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(filled, Matcher.quoteReplacement(html ? value.replace("&", "&amp;")
                    .replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;")
                    : value));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = Templates.class.getResourceAsStream("/mail/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
