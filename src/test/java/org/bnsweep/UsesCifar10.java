package org.bnsweep;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that reads the real CIFAR-10 files from {@link Fixtures#cifarDir()}
 * ({@code data/cifar-10-batches-bin}, put there by {@code submit/setup}). They fail, rather than
 * skip, when the data is missing: CI installs it. Run the others alone with
 * {@code mvn test -DexcludedGroups=cifar10}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("cifar10")
public @interface UsesCifar10 {}
