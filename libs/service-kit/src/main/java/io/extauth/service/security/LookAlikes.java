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
     * Letters of other scripts, and Latin ones, that read as T, I, M, E or R (from Unicode's confusables), each
     * followed by the letter it reads as. Case does not matter: the skeleton is compared in upper case.
     */
    private static final Map<Integer, String> READ_AS = pairs(""
            + "\u0422T\u0442T\u03A4T\u03C4T\u13A2T\uA4D4T\u1D1BT\u2CA6T\u22A4T\u27D9T"
            + "\u0406I\u0456I\u0399I\u03B9I\u04C0I\u04CFI\uA4F2I\u16C1I\u2C92I\u01C0I\u0269I\u026AI\u0131I|IlI1I"
            + "\u05C0I\u07CAI\u2D4FI\u2223I"
            + "\u041CM\u043CM\u039CM\u13B7M\uA4DFM\u03FAM\u2C98M\u1D0DM\u16D6M"
            + "\u0415E\u0435E\u0395E\u13ACE\uA4F0E\u2D39E\u1D07E\u22FFE\u2C88E"
            + "\u13A1R\uA4E3R\u01A6R\u0280R\u16B1R\u1587R\u0433R");

    private LookAlikes() {
    }

    /**
     * Unicode's default-ignorable code points (DerivedCoreProperties): shown as nothing. Most are format characters;
     * these are the ones Java counts as letters or marks (Hangul fillers, variation selectors, the combining grapheme
     * joiner, Khmer and Mongolian ones), so {@code TIMER} followed by one passed as a name of its own.
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
     * Hangul. Letters common to all scripts (mathematical, fullwidth digits) count for none. Words of different scripts
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
     * spaces, each look-alike of T, I, M, E or R read as that letter, in any case.
     */
    static boolean readsAs(String name, String word) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD).strip();
        StringBuilder skeleton = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); ) {
            int c = decomposed.codePointAt(i);
            i += Character.charCount(c);
            if (isMark(c) || isDefaultIgnorable(c)) {
                continue;
            }
            skeleton.append(READ_AS.getOrDefault(c, Character.toString(c).toUpperCase(Locale.ROOT)));
        }
        return skeleton.toString().equals(word);
    }

    private static Map<Integer, String> pairs(String lookAlikeThenLetter) {
        Map<Integer, String> readAs = new HashMap<>();
        for (int i = 0; i < lookAlikeThenLetter.length(); i += 2) {
            readAs.put((int) lookAlikeThenLetter.charAt(i), String.valueOf(lookAlikeThenLetter.charAt(i + 1)));
        }
        return Map.copyOf(readAs);
    }

    private static boolean isMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
