package io.parley.web.security;

import io.parley.persistence.users.Role;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The lowest role an endpoint admits. On a method it overrides the class; an endpoint without it
 * admits {@link Role#USER}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Requires {
  Role value();
}
