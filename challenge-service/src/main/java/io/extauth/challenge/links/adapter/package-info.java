/** The service's links to servers outside it: the vendors it calls and the address the telephony vendor calls back. */
@NullMarked
package io.extauth.challenge.links.adapter;

import org.jspecify.annotations.NullMarked;
