package org.kvmlab.session;

/**
 * The result of applying learner XML: whether the definition changed, and whether the running guest must be
 * power-cycled for it to take effect ({@code virsh edit} semantics).
 */
public record ApplyResult(boolean changed, boolean restartNeeded) {
}
