package org.kvmlab.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line the way a POSIX shell does for virsh: words separated by blanks, 'single quotes'
 * taken literally, "double quotes" with backslash escapes for \" and \\, and a backslash escaping the next
 * character elsewhere. Nothing is expanded or executed: this is only word splitting. Written by hand (about
 * forty lines) because the libraries that do this bring a whole terminal or CLI framework along.
 */
final class CommandLine {

    private CommandLine() {
    }

    /** The words of a line; throws with a virsh-like message when a quote is left open. */
    static List<String> split(String line) throws ShellException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new ShellException("dangling quote: " + quote + " is never closed");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
