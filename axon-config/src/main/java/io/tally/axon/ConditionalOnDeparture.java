package io.tally.axon;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The bean or configuration exists only while the departure is on ({@code on = true}, the default),
 * or only while {@code tally.axon.stock} turns it off ({@code on = false}): where Tally's part and
 * Axon's own are two beans.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(ConditionalOnDeparture.OnDeparture.class)
public @interface ConditionalOnDeparture {

    Departure value();

    boolean on() default true;

    final class OnDeparture implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnDeparture.class.getName());
            Departure departure = (Departure) attributes.get("value");
            boolean on = (Boolean) attributes.get("on");
            List<String> stock = Binder.get(context.getEnvironment())
                    .bind("tally.axon.stock", Bindable.listOf(String.class))
                    .orElse(List.of());
            return Departure.stockOf(stock).contains(departure) != on;
        }
    }
}
