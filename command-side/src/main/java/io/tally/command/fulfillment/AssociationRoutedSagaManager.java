package io.tally.command.fulfillment;

import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.AssociationValue;

/**
 * A saga manager that gives each event to one segment only: the one its association value falls
 * in. Axon's own gives every saga event to every segment, and each segment looks the association
 * up in the saga store, keeps the sagas whose id falls in it and stores its token in a transaction
 * of its own: with the fulfillment saga on four segments that was four lookups and four synchronous
 * commits for every event the saga handles, one of which did the work (docs/benchmark-results.md).
 * <p>
 * Only for saga types whose every handler associates by the same single property and that never
 * add associations: then all of one saga's events share one value, land in one segment, and that
 * segment handles every saga the value finds (the saga's id no longer chooses its segment). An
 * event with more than one association value goes to every segment, as before.
 */
final class AssociationRoutedSagaManager<T> extends AnnotatedSagaManager<T> {

    AssociationRoutedSagaManager(Builder<T> builder) {
        super(builder);
    }

    @Override
    public boolean canHandle(EventMessage<?> event, Segment segment) {
        if (!super.canHandle(event, segment)) {
            return false;
        }
        Set<AssociationValue> values = extractAssociationValues(event);
        return values.size() != 1 || segment.matches(values.iterator().next());
    }

    @Override
    protected boolean matchesSegment(Segment segment, String sagaId) {
        return true;
    }
}
