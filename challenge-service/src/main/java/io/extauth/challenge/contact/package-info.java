/**
 * Outbound contact limits: how many calls, texts, pushes and verification calls may reach a user or a number, counted
 * in PostgreSQL so every instance counts the same.
 */
@NullMarked
package io.extauth.challenge.contact;

import org.jspecify.annotations.NullMarked;
