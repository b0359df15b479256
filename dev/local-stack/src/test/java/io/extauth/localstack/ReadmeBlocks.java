package io.extauth.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shell blocks of a README, each with the output the README shows for it. The convention: a fenced {@code bash}
 * block is pasted as it is, in order with the file's other {@code bash} blocks; a fenced {@code text} block right after
 * it (only blank lines between) is what it prints, where {@code ...} stands for any text within a line. Its lines must
 * appear in that order in the output; other lines may come between them (a block without a {@code text} block is only
 * run). A fenced {@code sh} block is shown, never pasted by the test: it starts a stack, a cluster or a run of
 * minutes, and the text around it says so.
 */
record ReadmeBlocks(Path file, List<Block> blocks) {

    record Block(int line, String bash, List<String> expected) {
    }

    static ReadmeBlocks of(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Block> blocks = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            if (lines.get(i).equals("```bash")) {
                int from = i;
                List<String> bash = new ArrayList<>();
                for (i++; !lines.get(i).equals("```"); i++) {
                    bash.add(lines.get(i));
                }
                i++;
                int next = i;
                while (next < lines.size() && lines.get(next).isBlank()) {
                    next++;
                }
                List<String> expected = new ArrayList<>();
                if (next < lines.size() && lines.get(next).equals("```text")) {
                    for (i = next + 1; !lines.get(i).equals("```"); i++) {
                        expected.add(lines.get(i));
                    }
                    i++;
                }
                blocks.add(new Block(from + 1, String.join("\n", bash), expected));
            } else {
                i++;
            }
        }
        return new ReadmeBlocks(file, blocks);
    }

    /** Empty when every expected line is found, in order, in {@code output}; else the first line not found. */
    static Optional<String> missing(List<String> expected, List<String> output) {
        int at = 0;
        for (String line : expected) {
            Pattern pattern = pattern(line);
            while (at < output.size() && !pattern.matcher(output.get(at)).matches()) {
                at++;
            }
            if (at == output.size()) {
                return Optional.of(line);
            }
            at++;
        }
        return Optional.empty();
    }

    private static Pattern pattern(String expectedLine) {
        String[] parts = expectedLine.split("\\.\\.\\.", -1);
        StringBuilder regex = new StringBuilder();
        for (int p = 0; p < parts.length; p++) {
            if (p > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[p]));
        }
        return Pattern.compile(regex.toString());
    }
}
