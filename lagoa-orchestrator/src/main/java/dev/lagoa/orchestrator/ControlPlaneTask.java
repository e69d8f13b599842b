package dev.lagoa.orchestrator;

import java.util.Map;

/**
 * A task of the control plane that a state machine runs ({@code TaskTarget.ControlPlane}): given its declared
 * parameters (placeholders resolved) and the state's input, it returns its result, which the executor puts at the
 * state's {@code ResultPath}. A {@code LagoaException} or any other exception fails the state with
 * {@code States.TaskFailed} and the exception's message as the cause.
 */
@FunctionalInterface
public interface ControlPlaneTask {
    Map<String, Object> run(Map<String, String> parameters, Map<String, Object> input) throws Exception;
}
