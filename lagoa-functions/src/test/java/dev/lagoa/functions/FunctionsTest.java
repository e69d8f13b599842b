package dev.lagoa.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.contracts.FunctionHandler;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.pipeline.Step;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

class FunctionsTest {
    /** The name a definition gives (what Lambda's Handler property will say) is the class the binding runs. */
    @Test
    void everyHandlerNameResolvesToTheClassItIsBoundTo() throws Exception {
        for (FunctionHandler handler : FunctionHandler.values()) {
            Class<?> named = Class.forName(handler.handlerClass());
            assertThat(named).as(handler.name()).isEqualTo(Functions.handlerClass(handler));
            assertThat(Modifier.isPublic(named.getModifiers())).as(handler + " is public").isTrue();
            assertThat(named.getConstructor()).as(handler + " has the no-arg constructor Lambda calls").isNotNull();
            assertThat(named.getMethod("handleRequest", com.amazonaws.services.lambda.runtime.events.S3Event.class,
                    com.amazonaws.services.lambda.runtime.Context.class)).isNotNull();
        }
    }

    @Test
    void everyFunctionThePipelinesNameIsBound() {
        for (PipelineDefinition pipeline : Pipelines.all()) {
            for (Notification notification : pipeline.notifications()) {
                if (notification.target() instanceof Notification.Target.Function function) {
                    assertThat(Functions.handlerClass(function.handler())).as(pipeline.name() + "/" + notification.id()).isNotNull();
                }
            }
            for (Step step : pipeline.steps()) {
                if (step instanceof Step.Function function) {
                    assertThat(Functions.handlerClass(function.handler()).getName()).isEqualTo(function.handler().handlerClass());
                }
            }
        }
    }
}
