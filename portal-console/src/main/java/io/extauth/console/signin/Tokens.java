package io.extauth.console.signin;

/** The bearer token the console sends for a visitor. */
public interface Tokens {

    String tokenFor(Visitor visitor);
}
