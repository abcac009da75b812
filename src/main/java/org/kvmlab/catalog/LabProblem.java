package org.kvmlab.catalog;

/** Something wrong with a lab's files, with where it is when known (line and column 0 when not). */
public record LabProblem(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }
}
