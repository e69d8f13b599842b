package dev.lagoa.core.statemachine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class StateTransitions {
    private StateTransitions() {}

    static List<String> of(Optional<String> next, List<Catch> catches) {
        List<String> targets = new ArrayList<>();
        next.ifPresent(targets::add);
        catches.forEach(handler -> targets.add(handler.next()));
        return targets;
    }
}
