package io.extauth.service.security;

import java.text.Normalizer;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What makes a caller's name ({@code sub}) read as another: characters that show nothing, letters of scripts mixed
 * within one word, and letters of other scripts or forms that look like Latin ones. Java has no table of Unicode's
 * confusables (ICU's {@code SpoofChecker} would be a new 14 MB library on every service), so these are Unicode's own
 * rules where they are short (UTS #39's highly restrictive mix of scripts, the default-ignorable code points) and a
 * table of look-alikes only for the one name extauth keeps for itself, {@code TIMER}.
 */
final class LookAlikes {

    /** The mixes UTS #39 allows in a highly restrictive identifier besides one script: Latin with East Asian ones. */
    private static final List<Set<Character.UnicodeScript>> ALLOWED_MIXES = List.of(
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA,
                    Character.UnicodeScript.KATAKANA),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.BOPOMOFO),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL));

    /**
     * For each letter of {@code TIMER}, what reads as it beyond its decomposed forms and cases (Unicode's
     * confusables; {@code LookAlikesUnitTest} holds the table to ICU's): letters of other scripts, Latin small
     * capitals and the like, digits and signs.
     */
    private static final Map<Integer, String> READ_AS = readAs(Map.of(
            "T", "\u0422\u0442\u03A4\u03C4\u13A2\uA4D4\u1D1B\u2CA6\u22A4\u27D9\uD83D\uDF68\u3112\u4E05"
                    + "\uD834\uDF73",
            "I", "\u0406\u0456\u0399\u03B9\u04C0\u04CF\uA4F2\u16C1\u2C92\u01C0\u0196\u0269\u026A\u0131|l1"
                    + "\u05C0\u07CA\u2D4F\u2223\u2502\u0661\u06F1\u23FD\uFFE8\u00A1\u0964\u104A\u21BF\u2373\u2503"
                    + "\uA781\uA7AE\uA7FE\uA830\uA8CE\uAA5D\uFE31\uD800\uDF20\uD803\uDCFA\uD804\uDC47\uD804\uDCC0"
                    + "\uD804\uDD41\uD804\uDDC5\uD805\uDC4B\uD805\uDDC5\uD805\uDE41\uD807\uDC41\uD834\uDD00"
                    + "\uD834\uDF77\uD838\uDD41\uD83A\uDCC7\uD83B\uDD01",
            "M", "\u041C\u043C\u039C\u13B7\uA4DF\u03FA\u2C98\u1D0D\u16D6\uD806\uDCE3",
            "E", "\u0415\u0435\u0395\u13AC\uA4F0\u2D39\u1D07\u22FF\u2C88\u212E\uAB32",
            "R", "\u13A1\uA4E3\u01A6\u0280\u16B1\u1587\u0433\uAB47\uD834\uDE16\u024C\uAB48"));
    /** Symbols shown as a blank, which a reader does not see after a name. */
    private static final String BLANKS = "\u2800\uFFFC\uD834\uDD59";

    private LookAlikes() {
    }

    /**
     * Unicode's default-ignorable code points (DerivedCoreProperties): shown as nothing. Most are format characters,
     * refused as such; Java counts the others as letters or marks (Hangul fillers, variation selectors, the combining
     * grapheme joiner, Khmer and Mongolian ones), so {@code TIMER} followed by one passed as a name of its own.
     */
    static boolean isDefaultIgnorable(int c) {
        return c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160 || c == 0x17B4
                || c == 0x17B5 || c >= 0x180B && c <= 0x180F || c >= 0x200B && c <= 0x200F
                || c >= 0x202A && c <= 0x202E || c >= 0x2060 && c <= 0x206F || c == 0x3164
                || c >= 0xFE00 && c <= 0xFE0F || c == 0xFEFF || c == 0xFFA0 || c >= 0xFFF0 && c <= 0xFFF8
                || c >= 0x1BCA0 && c <= 0x1BCA3 || c >= 0x1D173 && c <= 0x1D17A || c >= 0xE0000 && c <= 0xE0FFF;
    }

    /**
     * Whether a word of {@code name} (a run of letters and their marks) has letters of two scripts in a mix UTS #39's
     * highly restrictive profile refuses: any two but Latin with Han and Japanese kana, Han and Bopomofo, or Han and
     * Hangul. Letters common to all scripts (mathematical ones, {@code µ}) count for none. Words of different scripts
     * ({@code иван@example.com}) are taken.
     */
    static boolean mixesScripts(String name) {
        Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (!Character.isLetter(c) && !isMark(c)) {
                scripts.clear(); // the word ends
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            if (script != Character.UnicodeScript.COMMON && script != Character.UnicodeScript.INHERITED
                    && script != Character.UnicodeScript.UNKNOWN && scripts.add(script) && scripts.size() > 1
                    && ALLOWED_MIXES.stream().noneMatch(allowed -> allowed.containsAll(scripts))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code name} reads as {@code word} (upper-case Latin letters): decomposed with its compatibility forms
     * (fullwidth, mathematical, a Roman numeral Ⅰ), without marks, default-ignorable characters and surrounding
     * spaces and blank symbols, each look-alike of T, I, M, E or R read as that letter, in any case, and "rn" as "m".
     */
    static boolean readsAs(String name, String word) {
        // look-alikes first, then decomposed: a form of one may decompose into something else (U+FE31, a vertical
        // bar, into an em dash)
        String decomposed = Normalizer.normalize(lookAlikesRead(name), Normalizer.Form.NFKD).strip();
        StringBuilder skeleton = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); ) {
            int c = decomposed.codePointAt(i);
            i += Character.charCount(c);
            if (isMark(c) || isDefaultIgnorable(c) || BLANKS.indexOf(c) >= 0) {
                continue;
            }
            skeleton.append(READ_AS.getOrDefault(c, Character.toString(c).toUpperCase(Locale.ROOT)));
        }
        // "rn" reads as "m"
        return skeleton.toString().replace("RN", "M").equals(word);
    }

    private static String lookAlikesRead(String name) {
        StringBuilder read = new StringBuilder(name.length());
        name.codePoints().forEach(c -> read.append(READ_AS.getOrDefault(c, Character.toString(c))));
        return read.toString();
    }

    private static Map<Integer, String> readAs(Map<String, String> lookAlikesOfEachLetter) {
        Map<Integer, String> readAs = new HashMap<>();
        lookAlikesOfEachLetter.forEach((letter, lookAlikes) -> lookAlikes.codePoints()
                .forEach(lookAlike -> readAs.put(lookAlike, letter)));
        return Map.copyOf(readAs);
    }

    private static boolean isMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
