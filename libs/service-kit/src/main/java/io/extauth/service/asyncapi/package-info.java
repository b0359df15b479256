/** What Springwolf, which serves the AsyncAPI document, needs from the services beyond its own auto-configuration. */
@NullMarked
package io.extauth.service.asyncapi;

import org.jspecify.annotations.NullMarked;
